import { z } from "zod";

export type FieldErrors = Record<string, string[] | undefined>;

export type FormResult<T> =
  | { ok: true; data: T }
  | { ok: false; fieldErrors: FieldErrors; formError: string | null; values: Record<string, string> };

const SECRET_FIELD = /password|code|token/i;

/**
 * Parses a submitted form with its zod schema. On failure it returns the field errors and what the
 * user typed (minus passwords and other secrets), so the form can be shown again as it was.
 */
export function parseForm<S extends z.ZodType>(schema: S, formData: FormData): FormResult<z.output<S>> {
  const raw: Record<string, string> = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value === "string" && !(key in raw)) raw[key] = value;
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, data: parsed.data };
  const flattened = z.flattenError(parsed.error);
  return {
    ok: false,
    fieldErrors: flattened.fieldErrors as FieldErrors,
    formError: flattened.formErrors[0] ?? null,
    values: keepableValues(raw),
  };
}

export function keepableValues(raw: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(raw).filter(([key]) => !SECRET_FIELD.test(key)));
}
