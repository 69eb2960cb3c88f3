import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { FeedList, type FeedItemView } from "~/components/feed-list";
import { ListingGrid } from "~/components/listing-card";
import { readMemberFeed } from "~/modules/community/feed.server";
import { categoryTree } from "~/modules/listings/categories.server";
import { recentListingsSavedBy } from "~/modules/listings/browse.server";
import { resolvePlace } from "~/modules/listings/location.server";
import { nearParamSchema } from "~/modules/listings/route-schemas.server";

const HOME_FEED_ITEMS = 5;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const near = nearParamSchema.parse(new URL(request.url).searchParams.get("near") ?? "");
  const place = near ? resolvePlace(near) : null;
  const user = context.auth.user;
  const [{ cards: recent, saved }, tree, feed] = await Promise.all([
    // The recent cards and their hearts in one statement.
    recentListingsSavedBy(context.db, user?.id ?? null, { limit: 12, near: place }),
    categoryTree(context.db),
    // Signed in: the first few items of the member's feed come first (the anonymous page is unchanged),
    // from the member's cached first page while nothing in it changed (ADR 049).
    user ? readMemberFeed(context.db, user.id, { pageSize: HOME_FEED_ITEMS }) : Promise.resolve(null),
  ]);
  return json({
    displayName: user?.displayName ?? null,
    feed: feed ? { items: feed.items, more: feed.nextCursor !== null } : null,
    recent,
    saved,
    near,
    place: place?.placeName ?? null,
    categories: tree.roots.map(({ id, name }) => ({ id, name })),
  });
}

export default function Home() {
  const { displayName, feed, recent, saved, near, place, categories } = useLoaderData<typeof loader>();
  return (
    <div className="home">
      <section className="hero" aria-labelledby="hero-title">
        <h1 id="hero-title">{displayName ? `Welcome back, ${displayName}` : "Your neighbourhood garage sale"}</h1>
        <p className="lead">
          Sell the things you no longer need, find good used things near you, and let local shops repair, clean or
          deliver them.
        </p>
        {displayName ? (
          <p className="hero__actions">
            <Link to="/listings/new" className="button">
              Sell something
            </Link>
            <Link to="/my/listings" className="button button--secondary">
              My listings
            </Link>
            <Link to="/wanted/new" className="button button--secondary">
              Ask for something
            </Link>
          </p>
        ) : (
          <p className="hero__actions">
            <Link to="/signup" className="button">
              Join Stoop
            </Link>
            <Link to="/login" className="button button--secondary">
              Sign in
            </Link>
          </p>
        )}
      </section>
      {feed ? (
        <section aria-labelledby="home-feed-title">
          <h2 id="home-feed-title">From your feed</h2>
          {feed.items.length ? (
            <FeedList items={feed.items as unknown as FeedItemView[]} label="Latest from your feed" />
          ) : (
            <p>Follow members and shops from their pages to see their news here.</p>
          )}
          <p>
            <Link to="/feed">{feed.more ? "See all of your feed" : "Open your feed"}</Link> ·{" "}
            <Link to="/following">Following</Link>
          </p>
        </section>
      ) : null}
      <section aria-labelledby="recent-title">
        <h2 id="recent-title">{place ? `Just listed (distances from ${place})` : "Just listed"}</h2>
        <Form method="get" className="inline-form">
          <label htmlFor="home-near">Show distances from</label>
          <input id="home-near" name="near" defaultValue={near} placeholder="Postal code or town" />
          <button type="submit" className="button--secondary button--small">
            Show
          </button>
        </Form>
        {recent.length ? (
          <ListingGrid
            cards={recent}
            saved={saved}
            showHearts={Boolean(displayName)}
            label="Recent listings"
            linkSuffix={place ? `?near=${encodeURIComponent(near)}` : ""}
          />
        ) : (
          <p>Nothing listed yet. Be the first!</p>
        )}
        <p>
          <Link to="/search">See everything for sale</Link>
        </p>
      </section>
      <section aria-labelledby="categories-title">
        <h2 id="categories-title">Browse by category</h2>
        <ul className="category-list">
          {categories.map((category) => (
            <li key={category.id}>
              <Link to={`/search?category=${category.id}`}>{category.name}</Link>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="how-title" className="how">
        <h2 id="how-title">How Stoop works</h2>
        <ol className="steps">
          <li>
            <h3>List it in a minute</h3>
            <p>Photos, condition, a price, pickup or shipping.</p>
          </li>
          <li>
            <h3>Pay safely</h3>
            <p>The money waits until the buyer has the item in hand.</p>
          </li>
          <li>
            <h3>Local shops help</h3>
            <p>Add a repair, a cleaning or a delivery from a shop near you.</p>
          </li>
        </ol>
      </section>
    </div>
  );
}
