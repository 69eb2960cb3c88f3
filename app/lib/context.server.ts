import type { Kysely } from "kysely";
import type { Database } from "~db/schema";
import type { SessionUser, Sessions } from "~/modules/accounts/sessions.server";
import type { PaymentsRuntime } from "~/modules/payments/runtime.server";
import type { LiveStreams } from "~/server/live-streams";
import type { Config } from "./env.server";
import type { Logger } from "./logger.server";

/** What the HTTP server hands every loader and action (built once per request in app/server/http.ts). */
export interface StoopContext {
  db: Kysely<Database>;
  config: Config;
  logger: Logger;
  requestId: string;
  clientIp: string;
  /** The TCP peer (req.socket.remoteAddress): the proxy's address when behind one; never from headers. */
  remoteAddress: string | null;
  sessions: Sessions;
  auth: { user: SessionUser | null; token: string | null };
  payments: PaymentsRuntime;
  /** This process's live streams (GET /events, ADR 045); null where none run (some tests). */
  live: LiveStreams | null;
  /** This response's Content-Security-Policy nonce, for the scripts the document renders inline. */
  cspNonce: string;
}

declare module "@remix-run/node" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppLoadContext extends StoopContext {}
}
