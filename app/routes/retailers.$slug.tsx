import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { PLACE_LABELS, RetailerBadge, ServiceLeadTime } from "~/components/retailer-badge";
import { currentUser } from "~/lib/auth.server";
import { orErrorResponse } from "~/lib/http.server";
import { formatMoney } from "~/lib/money";
import { photoUrl } from "~/modules/listings/photo-urls";
import { retailerPage } from "~/modules/retailers/retailers.server";

export const slugParams = z.object({ slug: z.string().regex(/^[a-z0-9-]{1,40}$/) });

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.retailer.name} · Stoop` : "Shop · Stoop" },
  ...(data ? [{ name: "description", content: data.retailer.description.slice(0, 160) }] : []),
];

export async function loader({ params, context }: LoaderFunctionArgs) {
  const parsed = slugParams.safeParse(params);
  if (!parsed.success) throw new Response("Not found", { status: 404 });
  const user = currentUser(context);
  const page = await orErrorResponse(() =>
    retailerPage(context.db, parsed.data.slug, user ? { id: user.id, role: user.role } : null),
  );
  const { retailer } = page;
  return json({
    retailer: {
      id: retailer.id,
      name: retailer.name,
      slug: retailer.slug,
      description: retailer.description,
      logoKey: retailer.logoKey,
      placeName: retailer.placeName,
      serviceRadiusKm: retailer.serviceRadiusKm,
      openingHours: retailer.openingHours,
      website: retailer.website,
      status: retailer.status,
      rejectionReason: retailer.rejectionReason,
    },
    role: page.role,
    services: page.services,
  });
}

export default function RetailerPage() {
  const { retailer, role, services } = useLoaderData<typeof loader>();
  const verified = retailer.status === "verified";
  return (
    <article aria-labelledby="retailer-title">
      {retailer.status === "pending" ? (
        <p role="status" className="notice">
          This page is waiting for an admin to verify it. Only your shop&apos;s staff can see it until then.
        </p>
      ) : null}
      {retailer.status === "rejected" ? (
        <p role="status" className="notice">
          An admin did not verify this shop{retailer.rejectionReason ? `: ${retailer.rejectionReason}` : "."}
        </p>
      ) : null}
      <header className="card">
        {retailer.logoKey ? (
          <img className="retailer-logo" src={photoUrl(retailer.logoKey, 320)} alt={`${retailer.name} logo`} />
        ) : null}
        <h1 id="retailer-title">
          {retailer.name}
          <RetailerBadge verified={verified} />
        </h1>
        <p>{retailer.description}</p>
        <dl className="facts">
          <dt>Area</dt>
          <dd>
            {retailer.placeName} (serves up to {retailer.serviceRadiusKm} km around)
          </dd>
          <dt>Opening hours</dt>
          <dd>{retailer.openingHours}</dd>
          {retailer.website ? (
            <>
              <dt>Website</dt>
              <dd>
                <a href={retailer.website} rel="nofollow noopener">
                  {retailer.website}
                </a>
              </dd>
            </>
          ) : null}
        </dl>
      </header>

      {role ? (
        <nav aria-label="Manage the shop" className="card">
          <h2>Manage {retailer.name}</h2>
          <ul>
            <li>
              <Link to={`/retailers/${retailer.slug}/services`}>Services</Link>
            </li>
            <li>
              <Link to={`/retailers/${retailer.slug}/jobs`}>Service jobs</Link>
            </li>
            <li>
              <Link to={`/retailers/${retailer.slug}/staff`}>Staff</Link>
            </li>
            {role === "owner" ? (
              <li>
                <Link to={`/retailers/${retailer.slug}/payouts`}>Payouts</Link>
              </li>
            ) : null}
          </ul>
        </nav>
      ) : null}

      <section aria-labelledby="services-title">
        <h2 id="services-title">Services</h2>
        {services.length ? (
          <ul className="service-list">
            {services.map((service) => (
              <li key={service.id} className="card">
                <h3>
                  {service.title}: {formatMoney(service.priceCents)}
                  {!service.active ? " (paused)" : ""}
                </h3>
                <p>{service.description}</p>
                <p className="muted">
                  {PLACE_LABELS[service.performedAt]} · ready in <ServiceLeadTime days={service.leadDays} /> · for{" "}
                  {service.categories.join(", ")}
                </p>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">No services yet.</p>
        )}
        <p className="muted">Services are offered as add-ons on matching listings nearby.</p>
      </section>

      {/* Filled by the community work: ratings from reviews, answers given, listings recommended. */}
      <section aria-labelledby="community-title">
        <h2 id="community-title">In the community</h2>
        <p className="muted">Ratings and answers from {retailer.name} appear here.</p>
      </section>
    </article>
  );
}
