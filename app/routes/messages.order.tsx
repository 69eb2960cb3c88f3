import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/lib/auth.server";
import { orErrorResponse } from "~/lib/http.server";
import { startOrderConversation } from "~/modules/community/order-conversations.server";
import { hasUnstorableText, parseForm, readForm, UNSTORABLE_TEXT } from "~/lib/forms";
import { orderConversationForm } from "~/modules/orders/route-schemas.server";

/**
 * "Message <shop>" on the order page and "Message the buyer" on a shop's jobs page post here:
 * opens (or reopens) the order's conversation with that retailer. POST only.
 */

export async function loader() {
  throw new Response("Not found", { status: 404 });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const parsed = parseForm(orderConversationForm, await readForm(request));
  if (!parsed.ok) {
    if (hasUnstorableText(parsed)) throw new Response(UNSTORABLE_TEXT, { status: 400 });
    throw new Response("Not found", { status: 404 });
  }
  const id = await orErrorResponse(() => startOrderConversation(context.db, { ...parsed.data, userId: user.id }));
  return redirect(`/messages/${id}`);
}
