import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/lib/auth.server";
import { parseSearchParams } from "~/lib/forms";
import { guidanceSentence } from "~/modules/orders/price-guidance";
import { priceGuidanceQuerySchema } from "~/modules/orders/price-guidance.server";
import { guidanceForSeller } from "~/modules/orders/price-guidance.server";

/**
 * The sell form's price guidance for its script (GET ?categoryId=&condition=&location=): the
 * figures and their sentence. Bad input is a 400; without JavaScript the form shows the same
 * guidance through its own GET re-render.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  const query = parseSearchParams(priceGuidanceQuerySchema, request);
  const guidance = await guidanceForSeller(context.db, user.id, query);
  return json(
    { guidance, sentence: guidanceSentence(guidance) },
    { headers: { "Cache-Control": "private, max-age=60" } },
  );
}
