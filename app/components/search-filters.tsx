import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { RADIUS_CHOICES } from "~/modules/listings/labels";

/**
 * The filter sidebar shared by /search and /wanted: one plain GET form (works without
 * JavaScript), the same fields in the same markup, so both pages look and behave alike. Each page
 * passes its own field ids (two filter forms never share a page, but the ids stay readable in tests).
 */

export type FilterErrors = Record<string, string[] | undefined>;

interface CategoryOption {
  id: string;
  name: string;
  children: { id: string; name: string }[];
}

/** aria-invalid and the error's id for a field with an error, nothing otherwise. */
export function invalidProps(errors: FilterErrors, name: string) {
  return errors[name]?.length ? { "aria-invalid": true as const, "aria-describedby": `${name}-error` } : {};
}

export function FilterErrorText({ name, errors }: { name: string; errors: FilterErrors }) {
  const messages = errors[name];
  if (!messages?.length) return null;
  return (
    <p id={`${name}-error`} className="field__error">
      {messages[0]}
    </p>
  );
}

export function FilterForm({ labelledBy, children }: { labelledBy: string; children: ReactNode }) {
  return (
    <Form method="get" role="search" aria-labelledby={labelledBy} className="search-filters card">
      {children}
      <button type="submit" className="search-filters__submit">
        Search
      </button>
    </Form>
  );
}

export function KeywordsFilter({
  id,
  value,
  errors,
  hint,
}: {
  id: string;
  value: string;
  errors: FilterErrors;
  hint?: ReactNode;
}) {
  const hintId = `${id}-hint`;
  const invalid = invalidProps(errors, "q");
  return (
    <div className="field">
      <label htmlFor={id}>Keywords</label>
      {hint ? (
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      <input
        id={id}
        type="search"
        name="q"
        defaultValue={value}
        {...invalid}
        aria-describedby={[hint ? hintId : null, invalid["aria-describedby"]].filter(Boolean).join(" ") || undefined}
      />
      <FilterErrorText name="q" errors={errors} />
    </div>
  );
}

export function CategoryFilter({
  id,
  value,
  categories,
  errors,
}: {
  id: string;
  value: string;
  categories: CategoryOption[];
  errors: FilterErrors;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>Category</label>
      <select id={id} name="category" defaultValue={value} {...invalidProps(errors, "category")}>
        <option value="">All categories</option>
        {categories.map((root) => (
          <optgroup key={root.id} label={root.name}>
            <option value={root.id}>All of {root.name}</option>
            {root.children.map((child) => (
              <option key={child.id} value={child.id}>
                {child.name}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      <FilterErrorText name="category" errors={errors} />
    </div>
  );
}

/** "Near (postal code or town)" and "Within", side by side where there is room. */
export function NearFilter({
  idPrefix,
  near,
  radius,
  errors,
}: {
  idPrefix: string;
  near: string;
  radius: string;
  errors: FilterErrors;
}) {
  return (
    <div className="field-row">
      <div className="field">
        <label htmlFor={`${idPrefix}-near`}>Near (postal code or town)</label>
        <input id={`${idPrefix}-near`} name="near" defaultValue={near} {...invalidProps(errors, "near")} />
        <FilterErrorText name="near" errors={errors} />
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-radius`}>Within</label>
        <select id={`${idPrefix}-radius`} name="radius" defaultValue={radius} {...invalidProps(errors, "radius")}>
          {RADIUS_CHOICES.map((km) => (
            <option key={km} value={km}>
              {km} km
            </option>
          ))}
        </select>
        <FilterErrorText name="radius" errors={errors} />
      </div>
    </div>
  );
}

export function SortFilter({
  id,
  value,
  options,
  errors,
}: {
  id: string;
  value: string;
  options: { value: string; label: string }[];
  errors: FilterErrors;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>Sort by</label>
      <select id={id} name="sort" defaultValue={value} {...invalidProps(errors, "sort")}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <FilterErrorText name="sort" errors={errors} />
    </div>
  );
}
