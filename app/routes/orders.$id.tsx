import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FormError, FormField } from "~/components/form-field";
import { requireUser } from "~/lib/auth.server";
import { formFailure, invalidForm, orErrorResponse } from "~/lib/http.server";
import { formatMoney } from "~/lib/money";
import { abandonCheckout } from "~/modules/orders/checkout.server";
import { cancelOrder, payOutNow } from "~/modules/orders/money.server";
import { serviceLinesForOrderPage } from "~/modules/orders/service-lines.server";
import { SERVICE_STATUS_LABELS } from "~/modules/retailers/labels";
import {
  confirmReceipt,
  confirmServiceDone,
  getOrderFor,
  markReadyForPickup,
  markShipped,
} from "~/modules/orders/orders.server";
import { payoutStatus } from "~/modules/payments/payout-accounts.server";
import { disputeSummaryFor } from "~/modules/disputes/disputes.server";
import { OrderReviews } from "~/components/order-reviews";
import { reviewStateFor } from "~/modules/community/reviews.server";
import { EVENT_TITLES, ORDER_STATUS_TITLES, actionsFor, type OrderEvent } from "~/modules/orders/state-machine";
import { parseForm, parseParams, readForm } from "~/lib/forms";
import { handOver, handoverForBuyer, handoverState } from "~/modules/orders/handover.server";
import { startConversation } from "~/modules/community/messages.server";
import { photoUrl } from "~/modules/listings/photo-urls";
import { noShowState, reportNoShow } from "~/modules/orders/no-show.server";
import { NoShowPanel } from "~/components/no-show";
import { MeetupSpots } from "~/components/meetup-spots";
import { chooseMeetupSpot, meetupSpotsForOrder } from "~/modules/orders/meetup-spots.server";
import { pickupPanelFor } from "~/modules/orders/pickup-times.server";
import { PickupTimes } from "~/components/pickup-times";
import { SellThisAgain } from "~/components/sell-this-again";
import { relistedListingFor } from "~/modules/orders/sell-again.server";
import { formatDateTime } from "~/lib/dates";
import { idParamsSchema as paramsSchema } from "~/lib/id-params.server";
import { orderActionForm } from "~/modules/orders/route-schemas.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Order: ${data.order.listingTitle} · Stoop` : "Order · Stoop" },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  const parsed = parseParams(paramsSchema, params);
  const view = await orErrorResponse(() => getOrderFor(context.db, parsed.id, user.id));
  const payoutAccount =
    view.role === "seller" ? (await payoutStatus(context.db, { kind: "member", userId: user.id })).state : null;
  const dispute = await disputeSummaryFor(context.db, view.order);
  // A shop's staff on a bought quote (role "shop") see the job and their share, not the member's reviews.
  const review =
    view.order.status === "completed" && view.role !== "shop"
      ? await reviewStateFor(context.db, view.order.id, user.id)
      : null;
  const services = await serviceLinesForOrderPage(context.db, view.order.id);
  // The buyer's code and QR (never the seller's page); the seller's side only sees how many tries are left.
  const handover =
    view.role === "buyer"
      ? await handoverForBuyer(context.db, {
          orderId: view.order.id,
          buyerId: user.id,
          secret: context.config.handoverSecret,
          publicUrl: context.config.publicUrl,
        })
      : null;
  const sellerHandover =
    view.role === "seller" &&
    view.order.delivery === "pickup" &&
    (view.order.status === "paid" || view.order.status === "ready_for_pickup") &&
    !services.some((line) => line.kind === "handoff" && ["requested", "accepted", "dropped_off"].includes(line.status))
      ? await handoverState(context.db, view.order.id)
      : null;
  const noShow = await noShowState(context.db, view.order);
  const meetup = await meetupSpotsForOrder(context.db, view.order.id, user.id);
  // The Pickup panel: a paid pickup order's time windows, until the handover.
  const pickupTimes =
    view.order.delivery === "pickup" && (view.order.status === "paid" || view.order.status === "ready_for_pickup")
      ? await pickupPanelFor(context.db, {
          orderId: view.order.id,
          userId: user.id,
          timeZone: context.config.pickupTimeZone,
        })
      : null;
  const photo = view.order.listingId
    ? await context.db
        .selectFrom("listingPhotos")
        .select("storageKey")
        .where("listingId", "=", view.order.listingId)
        .orderBy("position")
        .limit(1)
        .executeTakeFirst()
    : undefined;
  return json({
    ...view,
    actions: view.role === "shop" ? [] : actionsFor(view.order, view.role),
    payoutAccount,
    dispute,
    review,
    services,
    handover,
    sellerHandover,
    noShow,
    meetup,
    pickupTimes,
    photoUrl: photo ? photoUrl(photo.storageKey, 320) : null,
    // "Sell this again": the buyer of a completed item order; the draft it made, if any.
    sellAgain:
      view.role === "buyer" && view.order.status === "completed" && view.order.kind === "item"
        ? { listingId: await relistedListingFor(context.db, view.order.id) }
        : null,
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const orderId = parseParams(paramsSchema, params).id;
  const parsed = parseForm(orderActionForm, await readForm(request));
  // What the seller typed (the tracking number) comes back with the errors.
  if (!parsed.ok) return invalidForm({ ...parsed, formError: parsed.fieldErrors.intent?.[0] ?? parsed.formError });
  const actor = { userId: user.id };
  try {
    switch (parsed.data.intent) {
      case "ship":
        await markShipped(context.db, orderId, user.id, {
          trackingNumber: parsed.data.trackingNumber,
          autoReceiveDays: context.config.orderAutoReceiveDays,
        });
        break;
      case "markReady":
        await markReadyForPickup(context.db, orderId, user.id);
        break;
      case "confirmReceipt":
        await confirmReceipt(context.db, orderId, actor);
        await payOutNow(context.db, context.payments.stripe, orderId);
        break;
      case "cancel":
        await cancelOrder(context.db, context.payments.stripe, orderId, actor);
        break;
      // A bought quote: the member confirms the shop's finished job, which pays the shop.
      case "confirmService":
        await confirmServiceDone(context.db, orderId, actor);
        await payOutNow(context.db, context.payments.stripe, orderId);
        break;
      case "sellerNoShow":
      case "buyerNoShow":
        await reportNoShow(context.db, context.payments.stripe, {
          orderId,
          userId: user.id,
          event: parsed.data.intent,
        });
        break;
      case "abandon":
        await abandonCheckout(context.db, context.payments.stripe, orderId, user.id);
        break;
      case "handOver": {
        if (!parsed.data.code)
          return invalidForm({
            fieldErrors: { code: ["Enter the buyer's 6-digit code"] },
            formError: null,
            values: {},
          });
        const result = await handOver(context.db, {
          orderId,
          sellerId: user.id,
          code: parsed.data.code,
          secret: context.config.handoverSecret,
        });
        if (!result.ok) return invalidForm({ fieldErrors: { code: [result.message] }, formError: null, values: {} });
        await payOutNow(context.db, context.payments.stripe, orderId);
        break;
      }
      case "chooseMeetupSpot":
        if (!parsed.data.spotKind || !parsed.data.spotId)
          return invalidForm({ fieldErrors: { spotId: ["Choose a spot from the list"] }, formError: null, values: {} });
        await chooseMeetupSpot(context.db, {
          orderId,
          userId: user.id,
          kind: parsed.data.spotKind,
          spotId: parsed.data.spotId,
        });
        break;
      case "message": {
        // The conversation about the listing between its buyer and its seller, from either side.
        const { order } = await getOrderFor(context.db, orderId, user.id);
        // A service-only order (a bought quote) has no listing and no seller to message.
        if (!order.listingId) throw new Response("Not found", { status: 404 });
        const conversationId = await startConversation(context.db, {
          listingId: order.listingId,
          buyerId: order.buyerId,
        });
        return redirect(`/messages/${conversationId}`);
      }
    }
  } catch (error) {
    return formFailure(error, { trackingNumber: parsed.data.trackingNumber ?? "" });
  }
  return redirect(`/orders/${orderId}`);
}

const BUTTONS: Record<string, string> = {
  markReady: "Mark ready for pickup",
  confirmReceipt: "I received the item",
  cancel: "Cancel order and refund",
  abandon: "Cancel checkout",
};

const PAYOUT_STATUS: Record<string, string> = {
  pending: "Being sent",
  paid: "Paid to your Stripe account",
  waiting_for_account: "Waiting for you to set up payouts",
};

export default function OrderPage() {
  const {
    order,
    events,
    payouts,
    role,
    actions,
    payoutAccount,
    dispute,
    review,
    services,
    money,
    handover,
    sellerHandover,
    noShow,
    meetup,
    pickupTimes,
    photoUrl: listingPhoto,
    sellAgain,
  } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  // One "Message <shop>" per retailer with a line on the order.
  const shops = services.filter(
    (service, index) => services.findIndex((other) => other.retailerId === service.retailerId) === index,
  );
  // A bought quote (ADR 038): no item, no seller; its one service line is the order.
  const serviceOrder = order.kind === "service";
  const job = serviceOrder ? services[0] : undefined;
  return (
    <article className="narrow" aria-labelledby="order-title">
      <h1 id="order-title">
        {role === "buyer" ? "Purchase" : role === "shop" ? "Job" : "Sale"}: {order.listingTitle}
      </h1>
      <p role="status" className="notice">
        Status: <strong>{ORDER_STATUS_TITLES[order.status]}</strong>
      </p>
      <FormError message={failure && !failure.ok ? failure.formError : null} />

      {job ? (
        <section className="card" aria-labelledby="service-title">
          <h2 id="service-title">The service</h2>
          <p>
            <strong>{job.title}</strong> by <Link to={`/retailers/${job.retailerSlug}`}>{job.retailerName}</Link>, your
            quote for{" "}
            {order.wantedRequestId ? (
              <Link to={`/wanted/${order.wantedRequestId}`}>{order.listingTitle}</Link>
            ) : (
              order.listingTitle
            )}
            : {formatMoney(job.priceCents)}.
          </p>
          <p>
            Job: <strong>{SERVICE_STATUS_LABELS[job.status]}</strong>
          </p>
          {role === "buyer" && order.status === "paid" && job.status === "done" ? (
            <Form method="post">
              <p>The shop marked the job done. Confirm it and the shop is paid.</p>
              <button type="submit" name="intent" value="confirmService">
                Confirm it&apos;s done
              </button>
            </Form>
          ) : role === "shop" && job.retailerSlug ? (
            <p>
              Accept, decline or mark it done on <Link to={`/retailers/${job.retailerSlug}/jobs`}>your jobs board</Link>
              .
            </p>
          ) : role === "buyer" && order.status === "paid" ? (
            <p className="muted">
              Your payment is held until the shop marks the job done and you confirm it. If the shop declines, you get
              it back in full.
            </p>
          ) : null}
        </section>
      ) : null}

      {serviceOrder ? null : (
        <section className="card order-item" aria-label="The item">
          <Link to={`/listings/${order.listingId}`}>
            {listingPhoto ? <img src={listingPhoto} alt="" width={160} /> : null}
            <span>{order.listingTitle}</span>
          </Link>
          {order.paidAt ? (
            <Form method="post">
              <button type="submit" name="intent" value="message" className="button--secondary">
                {role === "buyer" ? "Message the seller" : "Message the buyer"}
              </button>
            </Form>
          ) : null}
        </section>
      )}

      {meetup ? (
        <MeetupSpots meetup={meetup} error={failure && !failure.ok ? failure.fieldErrors.spotId?.[0] : null} />
      ) : null}

      {handover ? (
        <section className="card" aria-labelledby="handover-title">
          <h2 id="handover-title">Your handover code</h2>
          <p>Show this to the seller when you get the item.</p>
          <p className="handover-code">
            Handover code: <strong>{handover.code}</strong>
          </p>
          <img src={handover.qrDataUrl} alt="QR code of your handover link" width={180} height={180} />
          <p className="muted">
            The seller enters the 6 digits (or scans the QR code) on their order page; that is your receipt and pays the
            seller. If they can&apos;t, confirm below with &quot;I received the item&quot;.
          </p>
        </section>
      ) : null}

      {pickupTimes ? <PickupTimes panel={pickupTimes} /> : null}

      {sellerHandover ? (
        <section className="card" aria-labelledby="handover-title">
          <h2 id="handover-title">Hand the item over</h2>
          {sellerHandover.locked ? (
            <p role="alert">
              Too many wrong codes for this order. Ask the buyer to confirm receipt in the app (&quot;I received the
              item&quot;).
            </p>
          ) : (
            <Form method="post">
              <FormField
                label="The buyer's 6-digit handover code"
                name="code"
                inputMode="numeric"
                autoComplete="off"
                errors={failure && !failure.ok ? failure.fieldErrors.code : undefined}
              />
              <p className="muted">
                Ask the buyer for the code on their order page when you hand them the item. {sellerHandover.triesLeft}{" "}
                tries left.
              </p>
              <button type="submit" name="intent" value="handOver">
                Record the handover
              </button>
            </Form>
          )}
        </section>
      ) : null}

      {noShow && role !== "shop" ? <NoShowPanel role={role} noShow={noShow} /> : null}

      {actions.length ? (
        <section className="card" aria-labelledby="next-title">
          <h2 id="next-title">Next steps</h2>
          {/* Cancelling comes last and is not the prominent button: the handover is the way forward. */}
          {[...actions.filter((intent) => intent !== "cancel"), ...actions.filter((intent) => intent === "cancel")].map(
            (intent: OrderEvent) =>
              intent === "ship" ? (
                <Form method="post" key={intent}>
                  <FormField
                    label="Tracking number (optional)"
                    name="trackingNumber"
                    errors={failure && !failure.ok ? failure.fieldErrors.trackingNumber : undefined}
                  />
                  <button type="submit" name="intent" value="ship">
                    Mark as shipped
                  </button>
                </Form>
              ) : (
                <Form method="post" key={intent}>
                  <button
                    type="submit"
                    name="intent"
                    value={intent}
                    className={intent === "cancel" ? "button--secondary" : undefined}
                  >
                    {BUTTONS[intent]}
                  </button>
                </Form>
              ),
          )}
        </section>
      ) : null}

      {dispute.status || (role === "buyer" && dispute.canOpen) ? (
        <section className="card" aria-labelledby="dispute-title">
          <h2 id="dispute-title">{dispute.status ? "Dispute" : "A problem with this order?"}</h2>
          <p>
            {dispute.status === "resolved"
              ? "The dispute on this order was resolved. "
              : dispute.status
                ? "This order is on hold while a Stoop admin looks at the dispute. "
                : serviceOrder
                  ? "If the shop didn't do the job as agreed, open a dispute: the shop isn't paid until it's settled. "
                  : "If the item didn't arrive or isn't as described, open a dispute: the seller isn't paid until it's settled. "}
            <Link to={`/orders/${order.id}/dispute`}>{dispute.status ? "See the dispute" : "Open a dispute"}</Link>
          </p>
        </section>
      ) : null}
      {review ? <OrderReviews orderId={order.id} review={review} /> : null}
      {sellAgain ? <SellThisAgain orderId={order.id} listingId={sellAgain.listingId} /> : null}

      <section className="card" aria-labelledby="receipt-title">
        <h2 id="receipt-title">Receipt</h2>
        <table className="receipt">
          <tbody>
            {serviceOrder ? null : (
              <>
                <tr>
                  <th scope="row">{order.offerId ? "Item (accepted offer)" : "Item"}</th>
                  <td>{formatMoney(order.itemCents)}</td>
                </tr>
                <tr>
                  <th scope="row">Shipping</th>
                  <td>{order.delivery === "pickup" ? "Pickup" : formatMoney(order.shippingCents)}</td>
                </tr>
              </>
            )}
            {services.map((service) => (
              <tr key={service.id}>
                <th scope="row">
                  <Link to={`/retailers/${service.retailerSlug}`}>{service.retailerName}</Link>: {service.title} (
                  {SERVICE_STATUS_LABELS[service.status]})
                </th>
                <td>{formatMoney(service.priceCents)}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">Total paid by the buyer</th>
              <td>{formatMoney(order.totalCents)}</td>
            </tr>
            {money.refundedCents > 0 ? (
              <tr>
                <th scope="row">Refunded to the buyer</th>
                <td>−{formatMoney(money.refundedCents)}</td>
              </tr>
            ) : null}
            {money.refundedCents > 0 ? (
              <tr>
                <th scope="row">The buyer paid in the end</th>
                <td>{formatMoney(order.totalCents - money.refundedCents)}</td>
              </tr>
            ) : null}
            {money.seller ? (
              <>
                {/* The seller's own lines only: add-ons are paid to their shops, each with its part of the fee. */}
                {money.seller.refundedCents > 0 ? (
                  <tr>
                    <th scope="row">Refunded on your item and shipping</th>
                    <td>−{formatMoney(money.seller.refundedCents)}</td>
                  </tr>
                ) : null}
                <tr>
                  <th scope="row">Stoop fee</th>
                  <td>−{formatMoney(money.seller.feeCents)}</td>
                </tr>
                <tr>
                  <th scope="row">Your share</th>
                  <td>{formatMoney(money.seller.shareCents)}</td>
                </tr>
              </>
            ) : null}
            {money.shop ? (
              <>
                {/* The shop's own line: the quote less refunds on it and its fee, what the transfer pays. */}
                <tr>
                  <th scope="row">Stoop fee</th>
                  <td>−{formatMoney(money.shop.feeCents)}</td>
                </tr>
                <tr>
                  <th scope="row">Your share</th>
                  <td>{formatMoney(money.shop.shareCents)}</td>
                </tr>
              </>
            ) : null}
          </tbody>
        </table>
        <dl className="facts">
          <dt>Order number</dt>
          <dd>{order.id}</dd>
          {job ? (
            <>
              <dt>{role === "shop" ? "Buyer" : "Shop"}</dt>
              <dd>{role === "shop" ? order.buyerName : job.retailerName}</dd>
            </>
          ) : (
            <>
              <dt>{role === "buyer" ? "Seller" : "Buyer"}</dt>
              <dd>{role === "buyer" ? order.sellerName : order.buyerName}</dd>
            </>
          )}
          <dt>Delivery</dt>
          <dd>
            {order.delivery === "at_shop"
              ? "Done at the shop"
              : order.delivery === "pickup"
                ? "Local pickup"
                : [
                    order.shipName,
                    order.shipLine1,
                    order.shipLine2,
                    order.shipCity,
                    order.shipRegion,
                    order.shipPostalCode,
                  ]
                    .filter(Boolean)
                    .join(", ")}
          </dd>
          {order.trackingNumber ? (
            <>
              <dt>Tracking number</dt>
              <dd>{order.trackingNumber}</dd>
            </>
          ) : null}
        </dl>
      </section>

      {role === "buyer" && order.paidAt && shops.length ? (
        <section className="card" aria-labelledby="shops-title">
          <h2 id="shops-title">{serviceOrder ? "Questions for the shop" : "Shops on this order"}</h2>
          <p className="muted">
            {serviceOrder
              ? "Ask the shop about the job privately."
              : "Ask a shop about its add-on privately; the seller doesn't see these messages."}
          </p>
          <div className="form-actions">
            {shops.map((shop) => (
              <Form method="post" action="/messages/order" key={shop.retailerId}>
                <input type="hidden" name="orderId" value={order.id} />
                <input type="hidden" name="retailerId" value={shop.retailerId} />
                <button type="submit" className="button--secondary">
                  Message {shop.retailerName}
                </button>
              </Form>
            ))}
          </div>
        </section>
      ) : null}

      {role === "seller" && payouts.length ? (
        <section className="card" aria-labelledby="payout-title">
          <h2 id="payout-title">Payout</h2>
          <ul className="plain-list">
            {payouts.map((payout) => (
              <li key={payout.id}>
                {formatMoney(payout.amountCents)}: {PAYOUT_STATUS[payout.status]}
              </li>
            ))}
            {money.seller && money.seller.reversedCents > 0 ? (
              <li>
                {formatMoney(money.seller.reversedCents)} taken back after a refund; you keep{" "}
                {formatMoney(money.seller.paidCents)}
              </li>
            ) : null}
          </ul>
          {payoutAccount !== "enabled" ? (
            <p>
              <Link to="/settings/payouts">Set up payouts</Link> to receive this money.
            </p>
          ) : null}
        </section>
      ) : null}

      <section className="card" aria-labelledby="timeline-title">
        <h2 id="timeline-title">Timeline</h2>
        <ol>
          {events.map((event) => (
            <li key={event.id}>
              {EVENT_TITLES[event.event as OrderEvent | "create"] ?? event.event}:{" "}
              <time dateTime={new Date(event.createdAt).toISOString()}>{formatDateTime(event.createdAt)}</time>
            </li>
          ))}
        </ol>
      </section>
      <p>
        {role === "shop" && job ? (
          <Link to={`/retailers/${job.retailerSlug}/jobs`}>All service jobs</Link>
        ) : (
          <Link to={role === "buyer" ? "/orders/purchases" : "/orders/sales"}>
            All {role === "buyer" ? "purchases" : "sales"}
          </Link>
        )}
      </p>
    </article>
  );
}
