import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ListingGrid } from "~/components/listing-card";
import { requireUser } from "~/lib/auth.server";
import { listFavorites } from "~/modules/listings/favorites.server";

export const meta: MetaFunction = () => [{ title: "Saved items · Stoop" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  const cards = await listFavorites(context.db, user.id);
  return json({ cards });
}

export default function SavedItems() {
  const { cards } = useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="saved-title">
      <h1 id="saved-title">Saved items</h1>
      {cards.length ? (
        <ListingGrid cards={cards} label="Saved items" saved={cards.map((card) => card.id)} showHearts />
      ) : (
        <p>
          Nothing saved yet. Press the heart on a listing to keep it here. <Link to="/search">Browse listings</Link>
        </p>
      )}
      <p>
        <Link to="/saved-searches">Your search alerts</Link>
      </p>
    </section>
  );
}
