import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/lib/auth.server";
import { exportMemberData } from "~/modules/privacy/account-data.server";

/** "Download your data": everything Stoop keeps about the member, as one JSON file. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  const data = await exportMemberData(context.db, user.id);
  context.logger.info({ userId: user.id }, "member data exported");
  const day = new Date().toISOString().slice(0, 10);
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="stoop-data-${day}.json"`,
      "Cache-Control": "no-store",
    },
  });
}
