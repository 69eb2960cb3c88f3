import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireUser } from "~/lib/auth.server";
import { orErrorResponse } from "~/lib/http.server";
import { startOrderConversation } from "~/modules/community/order-conversations.server";

/**
 * "Message <shop>" on the order page and "Message the buyer" on a shop's jobs page post here:
 * opens (or reopens) the order's conversation with that retailer. POST only.
 */
const formSchema = z.object({
  orderId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  retailerId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
});

export async function loader() {
  throw new Response("Not found", { status: 404 });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const parsed = formSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw new Response("Not found", { status: 404 });
  const id = await orErrorResponse(() => startOrderConversation(context.db, { ...parsed.data, userId: user.id }));
  return redirect(`/messages/${id}`);
}
