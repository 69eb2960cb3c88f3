import { z } from "zod";

const LAST_EVENT_ID = z
  .string()
  .regex(/^\d{1,15}$/)
  .transform(Number);

/**
 * The `Last-Event-ID` a reconnecting browser sends: the id of the last event it received. Anything
 * but a plain number (a stale or hand-written header) is ignored: the stream starts afresh.
 */
export function parseLastEventId(header: string | null): number | null {
  const parsed = LAST_EVENT_ID.safeParse(header?.trim());
  return parsed.success ? parsed.data : null;
}
