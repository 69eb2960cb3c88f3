import { Field, FormField } from "~/components/form-field";
import { SERVICE_KIND_LABELS, SERVICE_PLACE_LABELS } from "~/modules/retailers/labels";

interface Category {
  id: string;
  name: string;
  children: { id: string; name: string }[];
}

/**
 * The fields of a service (add and edit forms): what was typed comes back in `values` after a
 * failed submit, the errors sit next to their fields.
 */
export function ServiceFields({
  values,
  errors,
  categories,
  activeLabel,
}: {
  values: Record<string, string | undefined>;
  errors: Record<string, string[] | undefined>;
  categories: Category[];
  activeLabel: string;
}) {
  const chosen = new Set((values.categories ?? "").split(",").filter(Boolean));
  return (
    <>
      <FormField label="Title" name="title" defaultValue={values.title} errors={errors.title} />
      <Field label="Description" errors={errors.description}>
        {(control) => <textarea name="description" rows={3} defaultValue={values.description} {...control} />}
      </Field>
      <FormField
        label="Price in dollars"
        name="price"
        inputMode="decimal"
        defaultValue={values.price}
        errors={errors.price}
      />
      <Field label="Where it is done" errors={errors.performedAt}>
        {(control) => (
          <select name="performedAt" defaultValue={values.performedAt ?? "shop"} {...control}>
            {Object.entries(SERVICE_PLACE_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <FormField
        label="Lead time in days"
        name="leadDays"
        type="number"
        min={0}
        max={60}
        defaultValue={values.leadDays ?? "2"}
        errors={errors.leadDays}
      />
      <Field label="Kind" errors={errors.kind}>
        {(control) => (
          <select name="kind" defaultValue={values.kind ?? "standard"} {...control}>
            {Object.entries(SERVICE_KIND_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <fieldset aria-describedby={errors.categories ? "categories-error" : undefined}>
        <legend>Listing categories it applies to (a main category covers all of its own)</legend>
        {categories.map((root) => (
          <div key={root.id}>
            <div className="field field--checkbox">
              <input
                type="checkbox"
                id={`category-${root.id}`}
                name="categories"
                value={root.id}
                defaultChecked={chosen.has(root.id)}
              />
              <label htmlFor={`category-${root.id}`}>{root.name} (all)</label>
            </div>
            {root.children.map((child) => (
              <div className="field field--checkbox" key={child.id}>
                <input
                  type="checkbox"
                  id={`category-${child.id}`}
                  name="categories"
                  value={child.id}
                  defaultChecked={chosen.has(child.id)}
                />
                <label htmlFor={`category-${child.id}`}>{child.name}</label>
              </div>
            ))}
          </div>
        ))}
        {errors.categories ? (
          <p id="categories-error" className="field__error">
            {errors.categories[0]}
          </p>
        ) : null}
      </fieldset>
      <div className="field field--checkbox">
        <input
          type="checkbox"
          id="service-active"
          name="active"
          defaultChecked={values.active !== undefined ? values.active === "on" : true}
        />
        <label htmlFor="service-active">{activeLabel}</label>
      </div>
    </>
  );
}
