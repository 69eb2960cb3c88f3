import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useEffect, useState, type FormEvent } from "react";
import { FormError, FormField } from "~/components/form-field";
import { requireVerifiedEmail } from "~/lib/auth.server";
import { parseForm, parseParams, readForm } from "~/lib/forms";
import { formFailure, invalidForm, orErrorResponse } from "~/lib/http.server";
import { formatMoney } from "~/lib/money";
import { chargeTotalCents } from "~/modules/orders/fees";
import { Choice } from "~/components/ui";
import { withShopRatings } from "~/modules/community/reviews.server";
import { buyPageFor, startCheckout } from "~/modules/orders/checkout.server";
import { recordAddOns } from "~/modules/insights/addon-events.server";
import { formatDeadline } from "~/modules/orders/offers.server";
import { addressFromForm } from "~/modules/orders/schemas";
import { checkoutFormSchema } from "~/modules/orders/schemas.server";
import { PLACE_LABELS, RetailerBadge, ServiceLeadTime } from "~/components/retailer-badge";
import { RatingLine } from "~/components/questions";
import { addOnServiceIdsField } from "~/modules/listings/route-schemas.server";
import { idParamsSchema as paramsSchema } from "~/lib/id-params.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Buy ${data.listing.title} · Stoop` : "Buy · Stoop" },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requireVerifiedEmail(request, context);
  const parsed = parseParams(paramsSchema, params);
  const page = await orErrorResponse(() => buyPageFor(context.db, parsed.id, user.id, context.config.platformFee));
  return json({
    ...page,
    services: await withShopRatings(context.db, page.services),
    offerDeadline: page.offer ? formatDeadline(page.offer.expiresAt) : null,
    testMode: context.payments.testMode,
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireVerifiedEmail(request, context);
  const listingId = parseParams(paramsSchema, params).id;
  const formData = await readForm(request);
  const form = parseForm(checkoutFormSchema, formData);
  const services = addOnServiceIdsField.safeParse(formData.getAll("services"));
  // Keep the ticked services when the form comes back with an error.
  const ticked = formData.getAll("services").map(String).join(",");
  if (!form.ok) return invalidForm({ ...form, values: { ...form.values, services: ticked } });
  if (!services.success)
    return invalidForm({ fieldErrors: { services: ["Choose services from the list"] }, formError: null, values: {} });
  try {
    const { url } = await startCheckout(
      context.db,
      context.payments.stripe,
      { fees: context.config.platformFee, publicUrl: context.config.publicUrl },
      user,
      listingId,
      { delivery: form.data.delivery, address: addressFromForm(form.data), serviceIds: services.data },
    );
    // Shop insights (ADR 047): the add-ons ticked on the way to pay; a lost event never blocks checkout.
    await recordAddOns(context.db, {
      kind: "ticked",
      serviceIds: services.data,
      listingId,
      memberId: user.id,
      visitor: null,
    }).catch((error: unknown) => context.logger.warn({ err: error }, "add-on event not recorded"));
    return redirect(url);
  } catch (error) {
    return formFailure(error, {
      ...Object.fromEntries(Object.entries(form.data).map(([k, v]) => [k, String(v ?? "")])),
      services: ticked,
    });
  }
}

export default function BuyPage() {
  const { listing, quotes, available, testMode, offer, itemCents, offerDeadline, services } =
    useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const errors = failure && !failure.ok ? failure.fieldErrors : {};
  const values = failure && !failure.ok ? failure.values : {};
  const defaultDelivery = values.delivery ?? (quotes.pickup ? "pickup" : "shipping");
  const options = (["pickup", "shipping"] as const).filter((delivery) => quotes[delivery]);
  // The live total: what is chosen now, read from the form itself (so it never disagrees with what
  // is posted). Until hydration the page shows each total with the add-on rule instead.
  const [chosen, setChosen] = useState(() => ({
    delivery: defaultDelivery,
    services: (values.services ?? "").split(",").filter(Boolean),
  }));
  const [live, setLive] = useState(false);
  useEffect(() => setLive(true), []);
  const readChoice = (event: FormEvent<HTMLFormElement>) => {
    const form = new FormData(event.currentTarget);
    setChosen({
      delivery: String(form.get("delivery") ?? defaultDelivery),
      services: form.getAll("services").map(String),
    });
  };
  const tickedCents = services.filter((service) => chosen.services.includes(service.id)).map((s) => s.priceCents);
  const totalFor = (delivery: "pickup" | "shipping") =>
    chargeTotalCents(itemCents, quotes[delivery]!.shippingCents, live ? tickedCents : []);
  const chosenDelivery = options.find((delivery) => delivery === chosen.delivery) ?? null;
  return (
    <section className="narrow card" aria-labelledby="buy-title">
      <h1 id="buy-title">Buy {listing.title}</h1>
      <FormError message={failure && !failure.ok ? failure.formError : null} />
      {offer && available ? (
        <p role="status" className="notice">
          Your accepted offer: {formatMoney(offer.agreedCents)} instead of {formatMoney(listing.priceCents)}, if you pay
          by {offerDeadline}.
        </p>
      ) : null}
      {!available ? (
        <p role="status" className="notice">
          Someone else is buying this item right now, or it is sold.{" "}
          <Link to={`/listings/${listing.id}`}>Back to the listing</Link>
        </p>
      ) : (
        // A full page POST: the answer is a redirect to Stripe's hosted checkout, not a Remix route.
        <Form method="post" reloadDocument noValidate className="stack" onChange={readChoice}>
          <fieldset className="choices">
            <legend>Delivery</legend>
            {options.map((delivery) => {
              const quote = quotes[delivery]!;
              return (
                <Choice
                  type="radio"
                  key={delivery}
                  id={`delivery-${delivery}`}
                  name="delivery"
                  value={delivery}
                  defaultChecked={defaultDelivery === delivery}
                  label={
                    delivery === "pickup"
                      ? `Pick up in ${listing.placeName}: ${formatMoney(quote.totalCents)}`
                      : `Shipping: ${formatMoney(quote.totalCents)} (${formatMoney(quote.shippingCents)} shipping)`
                  }
                />
              );
            })}
            {errors.delivery ? <p className="field__error">{errors.delivery[0]}</p> : null}
          </fieldset>

          {quotes.shipping ? (
            <fieldset>
              <legend>Shipping address (only for shipping)</legend>
              <FormField label="Name" name="name" autoComplete="name" defaultValue={values.name} errors={errors.name} />
              <FormField
                label="Street address"
                name="line1"
                autoComplete="address-line1"
                defaultValue={values.line1}
                errors={errors.line1}
              />
              <FormField
                label="Apartment, suite (optional)"
                name="line2"
                autoComplete="address-line2"
                defaultValue={values.line2}
              />
              <FormField
                label="Town or city"
                name="city"
                autoComplete="address-level2"
                defaultValue={values.city}
                errors={errors.city}
              />
              <FormField
                label="State or region (optional)"
                name="region"
                autoComplete="address-level1"
                defaultValue={values.region}
              />
              <FormField
                label="Postal code"
                name="postalCode"
                autoComplete="postal-code"
                defaultValue={values.postalCode}
                errors={errors.postalCode}
              />
            </fieldset>
          ) : null}

          {services.length ? (
            <fieldset className="choices">
              <legend>Add local services (optional)</legend>
              {services.map((service) => (
                <Choice
                  type="checkbox"
                  key={service.id}
                  id={`service-${service.id}`}
                  name="services"
                  value={service.id}
                  defaultChecked={(values.services ?? "").split(",").includes(service.id)}
                  label={`${service.title} by ${service.retailerName}: ${formatMoney(service.priceCents)}`}
                  hint={
                    <>
                      {service.description} {PLACE_LABELS[service.performedAt]}, ready in{" "}
                      <ServiceLeadTime days={service.leadDays} />.
                    </>
                  }
                >
                  <RetailerBadge verified={service.verified} /> <RatingLine rating={service.rating} />
                </Choice>
              ))}
              {errors.services ? <p className="field__error">{errors.services[0]}</p> : null}
            </fieldset>
          ) : null}

          <section aria-labelledby="review-title">
            <h2 id="review-title">Review</h2>
            <table className="receipt table">
              <caption className="visually-hidden">What you pay</caption>
              <tbody>
                <tr>
                  <th scope="row">{offer ? "Item (your accepted offer)" : "Item"}</th>
                  <td>{formatMoney(itemCents)}</td>
                </tr>
                {quotes.shipping ? (
                  <tr>
                    <th scope="row">Shipping (if you choose shipping)</th>
                    <td>{formatMoney(quotes.shipping.shippingCents)}</td>
                  </tr>
                ) : null}
                {live && tickedCents.length ? (
                  <tr>
                    <th scope="row">Add-ons you ticked</th>
                    <td className="price">{formatMoney(chargeTotalCents(0, 0, tickedCents))}</td>
                  </tr>
                ) : null}
                {options.map((delivery) => (
                  <tr key={delivery} className={live && delivery === chosenDelivery ? "receipt__chosen" : undefined}>
                    <th scope="row">Total with {delivery}</th>
                    <td className="price">
                      {formatMoney(totalFor(delivery))}
                      {services.length && !live ? <span className="receipt__rule"> + the add-ons you tick</span> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {live && chosenDelivery ? (
              <p className="receipt__total" role="status">
                You pay <span className="price price--large">{formatMoney(totalFor(chosenDelivery))}</span>
              </p>
            ) : null}
            <p className="muted">
              {services.length ? "Each add-on you tick is added at the price shown. " : ""}No other charges.
              Stoop&apos;s fee is paid by the seller out of this amount. Your payment is held until you confirm you
              received the item; you can cancel for a full refund until the seller ships it or you pick it up.
            </p>
          </section>
          <button type="submit" className="button--block">
            Pay
          </button>
          {testMode ? <p className="muted">Test payments: no real money moves.</p> : null}
        </Form>
      )}
      <p>
        <Link to={`/listings/${listing.id}`}>Back to the listing</Link>
      </p>
    </section>
  );
}
