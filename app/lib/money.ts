/** Money is integer minor units (cents) in one platform currency; formatting happens only at the edge. */
export const CURRENCY = "USD";

const formatters = new Map<string, Intl.NumberFormat>();

export function formatMoney(cents: number, locale = "en-US"): string {
  let formatter = formatters.get(locale);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, { style: "currency", currency: CURRENCY });
    formatters.set(locale, formatter);
  }
  return formatter.format(cents / 100);
}

/** "12", "12.5", "12.50", "1,200" -> cents; null when the text is not an amount. */
export function parseMoneyToCents(text: string): number | null {
  const cleaned = text.trim().replace(/^\$/, "").replace(/,/g, "");
  if (!/^\d{1,7}(\.\d{1,2})?$/.test(cleaned)) return null;
  const [whole, fraction = ""] = cleaned.split(".");
  return Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
}

export function centsToInput(cents: number): string {
  return cents % 100 === 0 ? String(cents / 100) : (cents / 100).toFixed(2);
}
