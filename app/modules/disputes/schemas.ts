import type { DISPUTE_REASONS } from "~db/schema-disputes";

/** The disputes forms' labels and pure helpers, browser-safe; the zod schemas are in schemas.server.ts. */

export const REASON_LABELS: Record<(typeof DISPUTE_REASONS)[number], string> = {
  not_received: "I didn't receive it",
  not_as_described: "It isn't as described",
  damaged: "It arrived damaged",
  service_not_performed: "A service wasn't performed",
  other: "Something else",
};

/** The admin form: dollars in text fields (refund_<lineKey>), converted to integer cents here. */
export const DOLLARS = /^\d{1,7}(\.\d{1,2})?$/;
export function dollarsToCents(text: string): number | null {
  const trimmed = text.trim().replace(/^\$/, "");
  if (trimmed === "") return 0;
  if (!DOLLARS.test(trimmed)) return null;
  const [whole, fraction = ""] = trimmed.split(".");
  return Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
}

export const REFUND_FIELD = "refund_";

/** The module names a line's error `lines.<key>`; the form's field for that line is `refund_<key>`. */
export function resolutionFieldErrors(fieldErrors: Record<string, string[] | undefined>) {
  return Object.fromEntries(
    Object.entries(fieldErrors).map(([key, messages]) => [
      key.startsWith("lines.") ? `${REFUND_FIELD}${key.slice("lines.".length)}` : key,
      messages,
    ]),
  );
}
