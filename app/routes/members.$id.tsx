import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ListingGrid } from "~/components/listing-card";
import { ReportForm } from "~/components/report-form";
import { currentUser } from "~/lib/auth.server";
import { orErrorResponse } from "~/lib/http.server";
import { getSellerProfile } from "~/modules/listings/browse.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.seller.displayName} · Stoop` : "Member · Stoop" },
];

export async function loader({ params, context }: LoaderFunctionArgs) {
  const viewer = currentUser(context);
  const id = z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/)
    .safeParse(params.id);
  if (!id.success) throw new Response("Not found", { status: 404 });
  const profile = await orErrorResponse(() => getSellerProfile(context.db, id.data));
  return json({ ...profile, canReport: viewer !== null && viewer.id !== profile.seller.id });
}

export default function SellerProfile() {
  const { seller, listings, canReport } = useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="seller-title">
      <h1 id="seller-title">{seller.displayName}</h1>
      <p className="muted">
        Member since {new Date(seller.createdAt).toLocaleDateString("en", { year: "numeric", month: "long" })} ·{" "}
        {listings.length} active {listings.length === 1 ? "listing" : "listings"}
      </p>
      {listings.length ? (
        <ListingGrid cards={listings} label={`Listings by ${seller.displayName}`} />
      ) : (
        <p>Nothing for sale right now.</p>
      )}
      {canReport ? <ReportForm subjectType="user" subjectId={seller.id} collapsed /> : null}
    </section>
  );
}
