import { useId, type InputHTMLAttributes, type ReactNode } from "react";

export interface FieldControlProps {
  id: string;
  "aria-describedby"?: string;
  "aria-invalid"?: true;
}

/**
 * A labelled control with its hint and first error wired to it for screen readers. The control
 * itself (input, select, textarea) is rendered by `children` with the ids it must carry.
 */
export function Field({
  label,
  hint,
  errors,
  children,
}: {
  label: string;
  hint?: string;
  errors?: string[] | undefined;
  children: (props: FieldControlProps) => ReactNode;
}) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors?.length ? `${id}-error` : undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      ) : null}
      {children({
        id,
        "aria-describedby": [hintId, errorId].filter(Boolean).join(" ") || undefined,
        "aria-invalid": errors?.length ? true : undefined,
      })}
      {errors?.length ? (
        <p id={errorId} className="field__error">
          {errors[0]}
        </p>
      ) : null}
    </div>
  );
}

interface FormFieldProps extends InputHTMLAttributes<HTMLInputElement> {
  label: string;
  name: string;
  errors?: string[] | undefined;
  hint?: string;
}

/** The common case of Field: a text-like input. */
export function FormField({ label, name, errors, hint, ...input }: FormFieldProps) {
  return (
    <Field label={label} hint={hint} errors={errors}>
      {(control) => <input name={name} {...control} {...input} />}
    </Field>
  );
}

export function FormError({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <div role="alert" className="form-error">
      {message}
    </div>
  );
}
