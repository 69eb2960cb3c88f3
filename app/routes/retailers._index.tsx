import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { RetailerBadge } from "~/components/retailer-badge";
import { currentUser } from "~/lib/auth.server";
import { retailersOf, verifiedRetailers } from "~/modules/retailers/retailers.server";
import { EmptyState } from "~/components/ui";

export const meta: MetaFunction = () => [{ title: "Local shops · Stoop" }];

export async function loader({ context }: LoaderFunctionArgs) {
  const user = currentUser(context);
  return json({
    shops: await verifiedRetailers(context.db),
    mine: user ? await retailersOf(context.db, user.id) : [],
    signedIn: Boolean(user),
  });
}

const STATUS = { pending: "waiting for an admin", verified: "verified", rejected: "not verified" } as const;

export default function Retailers() {
  const { shops, mine, signedIn } = useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="retailers-title">
      <h1 id="retailers-title">Local shops</h1>
      <p>
        Shops in the neighbourhood are members here too: they offer services that make a used purchase better (a
        tune-up, a data wipe, delivery, cleaning) and you add them when you buy.
      </p>
      {mine.length ? (
        <section className="card" aria-labelledby="mine-title">
          <h2 id="mine-title">Your shops</h2>
          <ul>
            {mine.map((shop) => (
              <li key={shop.id}>
                <Link to={`/retailers/${shop.slug}`}>{shop.name}</Link> ({shop.role}, {STATUS[shop.status]})
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <p>
        <Link to={signedIn ? "/retailers/new" : "/login?redirectTo=/retailers/new"} className="button">
          Open a shop page
        </Link>
      </p>
      {shops.length ? (
        <ul className="service-list">
          {shops.map((shop) => (
            <li key={shop.id} className="card">
              <h2>
                <Link to={`/retailers/${shop.slug}`}>{shop.name}</Link>
                <RetailerBadge verified />
              </h2>
              <p className="muted">{shop.placeName}</p>
              <p>{shop.description.slice(0, 200)}</p>
            </li>
          ))}
        </ul>
      ) : (
        <EmptyState title="No shops yet." />
      )}
    </section>
  );
}
