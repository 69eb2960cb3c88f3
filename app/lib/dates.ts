/**
 * Date formatting for pages, with each formatter built once: `toLocaleString(locale, options)`
 * builds a new Intl.DateTimeFormat on every call (~0.5 ms each), which was the largest single
 * cost of rendering the signed-in home page's feed. The outputs are those the pages printed
 * before (server-rendered in the process's time zone unless a zone is named).
 */
const formatter = (options: Intl.DateTimeFormatOptions) => {
  let built: Intl.DateTimeFormat | undefined;
  return (at: string | number | Date) => (built ??= new Intl.DateTimeFormat("en", options)).format(new Date(at));
};

/** "Dec 1, 2026" */
export const formatDay = formatter({ dateStyle: "medium" });
/** "Dec 1, 2026, 6:30 PM" */
export const formatDateTime = formatter({ dateStyle: "medium", timeStyle: "short" });
/** "December 2026" (member since) */
export const formatMonthYear = formatter({ year: "numeric", month: "long" });
/** "December 1, 2026" */
export const formatLongDay = formatter({ year: "numeric", month: "long", day: "numeric" });
/** "12/1/2026" */
export const formatShortDay = formatter({});
const feedTime = formatter({ month: "short", day: "numeric", hour: "numeric", minute: "2-digit", timeZone: "UTC" });
/** "Dec 1, 6:30 PM UTC" (the feed: one zone for every reader) */
export const formatFeedTime = (at: string | number | Date) => `${feedTime(at)} UTC`;
