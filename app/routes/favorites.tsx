import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireUser } from "~/lib/auth.server";
import { orErrorResponse } from "~/lib/http.server";
import { safeRedirect } from "~/lib/safe-redirect";
import { addFavorite, removeFavorite } from "~/modules/listings/favorites.server";

/** POST only: the heart buttons save or unsave a listing, then go back where they were pressed. */
const favoriteSchema = z.object({
  listingId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  intent: z.enum(["add", "remove"]),
  redirectTo: z.string().optional(),
});

export async function loader() {
  return redirect("/saved");
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const parsed = favoriteSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw new Response("That request was malformed; reload the page.", { status: 400 });
  const { listingId, intent, redirectTo } = parsed.data;
  await orErrorResponse(() =>
    intent === "add" ? addFavorite(context.db, user.id, listingId) : removeFavorite(context.db, user.id, listingId),
  );
  return redirect(safeRedirect(redirectTo ?? "/saved"));
}
