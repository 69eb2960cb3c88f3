import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { sql } from "kysely";

/** For load balancers and uptime checks: 200 when the database answers, 503 when it does not. */
export async function loader({ context }: LoaderFunctionArgs) {
  try {
    await sql`select 1`.execute(context.db);
    return json({ status: "ok", database: "ok" }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    context.logger.error({ err: error }, "health check: database unreachable");
    return json(
      { status: "error", database: "unreachable" },
      { status: 503, headers: { "Cache-Control": "no-store" } },
    );
  }
}
