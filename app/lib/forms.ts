// Types only: a value import of zod here would put all of zod in every page's browser bundle
// (routes import this module for unstorableFields), measured at 93 KB gzip (docs/benchmarks.md).
import type { z } from "zod";

export type FieldErrors = Record<string, string[] | undefined>;

export type FormResult<T> =
  | { ok: true; data: T }
  | { ok: false; fieldErrors: FieldErrors; formError: string | null; values: Record<string, string> };

const SECRET_FIELD = /password|code|token/i;

/** The one shape of an id in a URL or a form (opaque, URL-safe; see CONVENTIONS "IDs"). */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export const UNSTORABLE_TEXT = "This contains characters Stoop can't store";
const UNSTORABLE_FORM = "Some of what you sent contains characters Stoop can't store; remove them and try again.";

// PostgreSQL refuses NUL in text (22021) and the other C0 controls are never typed by a person:
// they come from pasted binaries or from attacks. Tab, LF and CR are ordinary text.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;
// A lone surrogate cannot be encoded as UTF-8, so the database driver would fail on it.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether a submitted string can be stored and shown again as it was typed. */
export function isStorableText(value: string): boolean {
  return !CONTROL_CHARACTERS.test(value) && !LONE_SURROGATE.test(value);
}

/**
 * The fields of a form or query string holding text that can't be stored, each with its message:
 * what parseForm refuses. For the rare caller that shapes its raw values itself (search).
 */
export function unstorableFields(source: FormData | URLSearchParams): FieldErrors {
  const errors: FieldErrors = {};
  for (const [key, value] of (source as Entries).entries()) {
    if (typeof value === "string" && (!isStorableText(value) || !isStorableText(key))) errors[key] = [UNSTORABLE_TEXT];
  }
  return errors;
}

type Entries = { entries(): IterableIterator<[string, FormDataEntryValue]> | IterableIterator<[string, string]> };

export interface ParseOptions {
  /** Fields that may be repeated (checkboxes): they reach the schema as arrays of strings. */
  multiple?: readonly string[];
}

/**
 * Parses a submitted form (or a query string) with its zod schema: the one place every field of
 * every form passes through. On failure it returns the field errors and what the user typed (minus
 * passwords and other secrets), so the form can be shown again as it was. Text that cannot be
 * stored (NUL, control characters, broken UTF-16) is refused here, next to its field, for every
 * field at once, so no form has to remember it.
 */
export function parseForm<S extends z.ZodType>(
  schema: S,
  source: FormData | URLSearchParams,
  options: ParseOptions = {},
): FormResult<z.output<S>> {
  const multiple = new Set(options.multiple ?? []);
  const raw: Record<string, string | string[]> = {};
  const unstorable = unstorableFields(source);
  for (const [key, value] of (source as Entries).entries()) {
    if (typeof value !== "string") continue;
    if (multiple.has(key)) ((raw[key] ??= []) as string[]).push(value);
    else if (!(key in raw)) raw[key] = value;
  }
  for (const key of multiple) raw[key] ??= [];
  const values = keepableValues(
    Object.fromEntries(Object.entries(raw).filter((entry): entry is [string, string] => typeof entry[1] === "string")),
  );
  const parsed = schema.safeParse(raw);
  if (parsed.success && Object.keys(unstorable).length === 0) return { ok: true, data: parsed.data };
  const flattened = parsed.success ? null : flattenIssues(parsed.error.issues);
  const hasUnstorable = Object.keys(unstorable).length > 0;
  return {
    ok: false,
    fieldErrors: { ...(flattened?.fieldErrors as FieldErrors | undefined), ...unstorable },
    formError: flattened?.formErrors[0] ?? (hasUnstorable ? UNSTORABLE_FORM : null),
    values,
  };
}

/** zod's flattenError, written here so this module needs zod's types only: messages by top-level field. */
function flattenIssues(issues: readonly z.core.$ZodIssue[]): { formErrors: string[]; fieldErrors: FieldErrors } {
  const formErrors: string[] = [];
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of issues) {
    const field = issue.path[0];
    if (field === undefined) formErrors.push(issue.message);
    else (fieldErrors[String(field)] ??= []).push(issue.message);
  }
  return { formErrors, fieldErrors };
}

/** What the user typed (the first value of each text field, minus secrets), to show a form again. */
export function formValues(source: FormData | URLSearchParams): Record<string, string> {
  const raw: Record<string, string> = {};
  for (const [key, value] of (source as Entries).entries()) {
    if (typeof value === "string" && !(key in raw)) raw[key] = value;
  }
  return keepableValues(raw);
}

/** Whether a failed parse was (also) about text that can't be stored. */
export function hasUnstorableText(result: { fieldErrors: FieldErrors }): boolean {
  return Object.values(result.fieldErrors).some((messages) => messages?.includes(UNSTORABLE_TEXT));
}

/** The one message to show when a form has nowhere to put field errors (text that can't be stored first). */
export function firstError(result: { fieldErrors: FieldErrors; formError: string | null }): string | null {
  const messages = Object.values(result.fieldErrors).flatMap((list) => list ?? []);
  if (messages.includes(UNSTORABLE_TEXT)) return UNSTORABLE_TEXT;
  return messages[0] ?? result.formError;
}

/**
 * For loaders: the query string through the same checks as a form. A link that doesn't parse is
 * a 400 naming the first problem (a loader has no form to show it next to).
 */
export function parseSearchParams<S extends z.ZodType>(
  schema: S,
  source: Request | URL | URLSearchParams,
  options: ParseOptions = {},
): z.output<S> {
  const searchParams =
    source instanceof URLSearchParams
      ? source
      : source instanceof URL
        ? source.searchParams
        : new URL(source.url).searchParams;
  const result = parseForm(schema, searchParams, options);
  if (result.ok) return result.data;
  throw new Response(firstError(result) ?? "This link is broken; go back and try again.", { status: 400 });
}

/** Route params (`$id`, `$slug`…): anything that isn't the expected shape is simply not found. */
export function parseParams<S extends z.ZodType>(schema: S, params: unknown): z.output<S> {
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw new Response("Not found", { status: 404 });
  for (const value of Object.values(params as Record<string, unknown>)) {
    if (typeof value === "string" && !isStorableText(value)) throw new Response("Not found", { status: 404 });
  }
  return parsed.data;
}

const FORM_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data"];

/**
 * Reads the request body as a form. A body of another type is a 415 and a body that does not
 * parse (a truncated multipart, a bad boundary) is a 400 with a message: never a 500.
 */
export async function readForm(request: Request): Promise<FormData> {
  const type = (request.headers.get("Content-Type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (!FORM_TYPES.includes(type)) {
    throw new Response("Send this form from its page (the body must be a form).", { status: 415 });
  }
  try {
    return await request.formData();
  } catch (error) {
    if (error instanceof Response) throw error;
    throw new Response("This form arrived broken and could not be read; send it again from its page.", {
      status: 400,
    });
  }
}

export function keepableValues(raw: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(raw).filter(([key]) => !SECRET_FIELD.test(key)));
}
