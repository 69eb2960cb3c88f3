import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/lib/auth.server";
import { orErrorResponse } from "~/lib/http.server";
import { safeRedirect } from "~/lib/safe-redirect";
import { addFavorite, removeFavorite } from "~/modules/listings/favorites.server";
import { UNSTORABLE_TEXT, hasUnstorableText, parseForm, readForm } from "~/lib/forms";
import { favoriteForm } from "~/modules/listings/route-schemas.server";

/** POST only: the heart buttons save or unsave a listing, then go back where they were pressed. */

export async function loader() {
  return redirect("/saved");
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const parsed = parseForm(favoriteForm, await readForm(request));
  if (!parsed.ok) {
    const message = hasUnstorableText(parsed) ? UNSTORABLE_TEXT : "That request was malformed; reload the page.";
    throw new Response(message, { status: 400 });
  }
  const { listingId, intent, redirectTo } = parsed.data;
  await orErrorResponse(() =>
    intent === "add" ? addFavorite(context.db, user.id, listingId) : removeFavorite(context.db, user.id, listingId),
  );
  return redirect(safeRedirect(redirectTo ?? "/saved"));
}
