import type { ActionFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/lib/auth.server";
import { parseParams } from "~/lib/forms";
import { orErrorResponse } from "~/lib/http.server";
import { announceTyping } from "~/modules/community/messages.server";
import { idParamsSchema } from "~/lib/id-params.server";

/** "Typing…": the conversation page POSTs here, throttled, while the member types (ADR 045). */
export async function action({ request, params, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return new Response("Method not allowed", { status: 405 });
  const user = requireUser(request, context);
  const { id } = parseParams(idParamsSchema, params);
  await orErrorResponse(() => announceTyping(context.db, id, user.id));
  return new Response(null, { status: 204 });
}

export function loader() {
  return new Response("Not found", { status: 404 });
}
