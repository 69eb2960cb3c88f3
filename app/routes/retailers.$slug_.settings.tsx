import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireShopStaff } from "~/lib/auth.server";
import { readForm } from "~/lib/forms";
import { orErrorResponse } from "~/lib/http.server";
import { setRetailerMeetupSpot } from "~/modules/retailers/retailers.server";

export const meta: MetaFunction = () => [{ title: "Shop settings · Stoop" }];

export async function loader({ request, params: rawParams, context }: LoaderFunctionArgs) {
  const { retailer, role } = await requireShopStaff(request, context, rawParams);
  return json({
    retailer: { name: retailer.name, slug: retailer.slug, status: retailer.status, meetupSpot: retailer.meetupSpot },
    role,
  });
}

export async function action({ request, params: rawParams, context }: ActionFunctionArgs) {
  const { retailer, user } = await requireShopStaff(request, context, rawParams);
  const formData = await readForm(request);
  // An unchecked box sends nothing: its absence means "no".
  const meetupSpot = formData.get("meetupSpot") === "on";
  await orErrorResponse(() => setRetailerMeetupSpot(context.db, retailer.id, user.id, meetupSpot));
  return redirect(`/retailers/${retailer.slug}/settings?saved=1`);
}

export default function RetailerSettings() {
  const { retailer, role } = useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="shop-settings-title">
      <h1 id="shop-settings-title">Settings of {retailer.name}</h1>
      <p>
        <Link to={`/retailers/${retailer.slug}`}>Back to the shop page</Link>
      </p>
      <Form method="post" className="card">
        <h2>Safe meetup spot</h2>
        <p className="muted">
          Buyers and sellers near your shop can choose it as the place to meet for a pickup. A shop with an active
          handoff service is offered anyway.
        </p>
        {retailer.status !== "verified" ? (
          <p className="notice">Only a verified shop can be a meetup spot.</p>
        ) : role !== "owner" ? (
          <p className="muted">
            {retailer.meetupSpot ? "This shop is a meetup spot." : "This shop isn't a meetup spot."} Only the owner can
            change this.
          </p>
        ) : (
          <>
            <label className="checkbox">
              <input type="checkbox" name="meetupSpot" defaultChecked={retailer.meetupSpot} /> Offer this shop as a
              meetup spot
            </label>
            <button type="submit">Save settings</button>
          </>
        )}
      </Form>
    </section>
  );
}
