import { useId, type InputHTMLAttributes, type ReactNode } from "react";

/**
 * The design system's small components (docs/design.md): markup that repeats across pages, so
 * a radio, a pill or an empty state looks and behaves the same everywhere. Styles live in
 * app/styles/design.css under the `components` layer.
 */

interface ChoiceProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "type" | "children"> {
  type: "radio" | "checkbox";
  name: string;
  label: ReactNode;
  /** Shown under the label, tied to the control with aria-describedby. */
  hint?: ReactNode;
  /** Anything else that belongs to this choice (a badge, a rating), laid out under the label. */
  children?: ReactNode;
}

/**
 * A radio or a checkbox with its label beside it (a 44 px tap target: the whole row is the label),
 * never above or below it and never stretched: the fix for the buy page's and the dispute form's
 * controls.
 */
export function Choice({ type, name, label, hint, children, id, ...input }: ChoiceProps) {
  const generated = useId();
  const controlId = id ?? generated;
  const hintId = hint ? `${controlId}-hint` : undefined;
  return (
    <div className="choice">
      <input type={type} id={controlId} name={name} aria-describedby={hintId} {...input} />
      <div className="choice__body">
        <label htmlFor={controlId} className="choice__label">
          {label}
        </label>
        {children ? <div className="choice__extra">{children}</div> : null}
        {hint ? (
          <p id={hintId} className="choice__hint">
            {hint}
          </p>
        ) : null}
      </div>
    </div>
  );
}

/**
 * A fieldset of radios or checkboxes that share a name: the legend, the error under it, one
 * `Choice` per option (the admin's dispute decision; any form with a group of choices).
 */
export function ChoiceGroup({
  legend,
  type,
  name,
  options,
  checked,
  errors,
}: {
  legend: string;
  type: "radio" | "checkbox";
  name: string;
  options: { value: string; label: ReactNode; hint?: ReactNode }[];
  /** The value (or values) chosen: what the member sent back, or the default. */
  checked?: string | string[];
  errors?: string[];
}) {
  const chosen = Array.isArray(checked) ? checked : checked === undefined ? [] : [checked];
  return (
    <fieldset className="choices">
      <legend>{legend}</legend>
      {errors?.length ? <p className="field__error">{errors[0]}</p> : null}
      {options.map((option) => (
        <Choice
          key={option.value}
          type={type}
          name={name}
          value={option.value}
          defaultChecked={chosen.includes(option.value)}
          label={option.label}
          hint={option.hint}
        />
      ))}
    </fieldset>
  );
}

/** A short status or tag: as wide as its words, never the width of its container. */
export function Pill({ children, tone = "neutral", title }: { children: ReactNode; tone?: PillTone; title?: string }) {
  return (
    <span className={`pill pill--${tone}`} title={title}>
      {children}
    </span>
  );
}
export type PillTone = "neutral" | "ok" | "warn" | "danger" | "brand";

/** What a list says when it has nothing in it, with the next step a member can take. */
export function EmptyState({
  title,
  children,
  status = false,
}: {
  title: string;
  children?: ReactNode;
  /** A result that changes with the member's input (a search): announced as a status. */
  status?: boolean;
}) {
  return (
    <div className="empty-state" role={status ? "status" : undefined}>
      <p className="empty-state__title">{title}</p>
      {children ? <div className="empty-state__body">{children}</div> : null}
    </div>
  );
}
