import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FormError, FormField } from "~/components/form-field";
import { requireUser } from "~/lib/auth.server";
import { DomainError, InvalidInput } from "~/lib/errors";
import { parseForm, readForm } from "~/lib/forms";
import { statusFor } from "~/lib/http.server";
import { formatMoney } from "~/lib/money";
import { safeRedirect } from "~/lib/safe-redirect";
import { offerActionSchema } from "~/modules/orders/offer-schemas.server";
import { OFFER_STATUS_LABELS, offerActionsFor } from "~/modules/orders/offer-state-machine";
import { CLOSE_REASONS } from "~/modules/orders/offer-state-machine";
import {
  acceptOffer,
  counterOffer,
  declineOffer,
  formatDeadline,
  listOffers,
  withdrawOffer,
} from "~/modules/orders/offers.server";
import { compareOffer } from "~/modules/orders/price-guidance";
import { guidanceForListings } from "~/modules/orders/price-guidance.server";
import { EmptyState } from "~/components/ui";

export const meta: MetaFunction = () => [{ title: "Offers · Stoop" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  const { received, sent } = await listOffers(context.db, user.id);
  // The seller's open offers beside what similar items sold for (price guidance, one read per listing).
  const open = received.filter((offer) => offer.status === "pending" || offer.status === "countered");
  const guidance = await guidanceForListings(
    context.db,
    open.map((offer) => offer.listingId),
  );
  const shape = (side: "seller" | "buyer") => (offer: (typeof received)[number]) => {
    const figures = side === "seller" && open.includes(offer) ? guidance.get(offer.listingId) : undefined;
    return {
      ...offer,
      deadline: offer.expiresAt ? formatDeadline(offer.expiresAt) : null,
      actions: offerActionsFor(offer.status, side),
      comparison: figures ? compareOffer(offer.amountCents, figures) : null,
    };
  };
  return json({ received: received.map(shape("seller")), sent: sent.map(shape("buyer")) });
}

interface OfferFailure {
  ok: false;
  offerId: string | null;
  formError: string | null;
  fieldErrors: Record<string, string[] | undefined>;
  values: Record<string, string>;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const formData = await readForm(request);
  const offerId = typeof formData.get("offerId") === "string" ? String(formData.get("offerId")) : null;
  const form = parseForm(offerActionSchema, formData);
  if (!form.ok)
    return json<OfferFailure>(
      { ok: false, offerId, formError: form.formError, fieldErrors: form.fieldErrors, values: form.values },
      { status: 400 },
    );
  const input = form.data;
  try {
    if (input.intent === "accept") await acceptOffer(context.db, user.id, input.offerId);
    else if (input.intent === "decline") await declineOffer(context.db, user.id, input.offerId);
    else if (input.intent === "withdraw") await withdrawOffer(context.db, user.id, input.offerId);
    else await counterOffer(context.db, user.id, input.offerId, input.amount);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const fieldErrors = error instanceof InvalidInput ? error.fieldErrors : {};
    return json<OfferFailure>(
      {
        ok: false,
        offerId,
        formError: Object.keys(fieldErrors).length ? null : error.message,
        fieldErrors,
        values: form.ok ? { amount: String(formData.get("amount") ?? "") } : {},
      },
      { status: statusFor(error) },
    );
  }
  return redirect(safeRedirect(formData.get("returnTo"), "/offers"));
}

type OfferRow = ReturnType<typeof useLoaderData<typeof loader>>["received"][number];

export default function OffersPage() {
  const { received, sent } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  return (
    <section aria-labelledby="offers-title">
      <h1 id="offers-title">Offers</h1>
      <p>
        <Link to="/orders/purchases">Purchases</Link> · <Link to="/orders/sales">Sales</Link>
      </p>
      <FormError message={failure && !failure.offerId ? failure.formError : null} />
      <section aria-labelledby="received-title">
        <h2 id="received-title">Offers received</h2>
        {received.length === 0 ? (
          <EmptyState title="No offers on your listings yet." />
        ) : (
          <ul className="plain-list">
            {received.map((offer) => (
              <OfferCard key={offer.id} offer={offer} side="seller" failure={failure ?? null} />
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="sent-title">
        <h2 id="sent-title">Offers you made</h2>
        {sent.length === 0 ? (
          <EmptyState title="You haven't made any offers.">
            Use &quot;Make an offer&quot; on a listing to offer a lower price.
          </EmptyState>
        ) : (
          <ul className="plain-list">
            {sent.map((offer) => (
              <OfferCard key={offer.id} offer={offer} side="buyer" failure={failure ?? null} />
            ))}
          </ul>
        )}
      </section>
    </section>
  );
}

function OfferCard({
  offer,
  side,
  failure,
}: {
  offer: OfferRow;
  side: "seller" | "buyer";
  failure: OfferFailure | null;
}) {
  const mine = failure && failure.offerId === offer.id ? failure : null;
  const headingId = `offer-${offer.id}-title`;
  return (
    <li className="card" aria-labelledby={headingId}>
      <h3 id={headingId}>
        <Link to={`/listings/${offer.listingId}`}>{offer.title}</Link>
      </h3>
      <dl className="facts">
        <dt>{side === "seller" ? "Buyer" : "Seller"}</dt>
        <dd>{offer.otherName}</dd>
        <dt>Asking price</dt>
        <dd>{formatMoney(offer.priceCents)}</dd>
        <dt>{side === "seller" ? "Offer" : "Your offer"}</dt>
        <dd>
          {formatMoney(offer.amountCents)}
          {offer.comparison ? (
            <span className={`offer-comparison offer-comparison--${offer.comparison.level}`}>
              {" "}
              {offer.comparison.sentence}
            </span>
          ) : null}
        </dd>
        {offer.counterCents ? (
          <>
            <dt>Counter-offer</dt>
            <dd>{formatMoney(offer.counterCents)}</dd>
          </>
        ) : null}
        {offer.agreedCents ? (
          <>
            <dt>Agreed price</dt>
            <dd>{formatMoney(offer.agreedCents)}</dd>
          </>
        ) : null}
        <dt>Status</dt>
        <dd>
          {OFFER_STATUS_LABELS[offer.status]}
          {offer.closedReason ? ` (${CLOSE_REASONS[offer.closedReason as keyof typeof CLOSE_REASONS] ?? ""})` : ""}
          {offer.deadline ? ` until ${offer.deadline}` : ""}
        </dd>
      </dl>
      <FormError message={mine?.formError ?? null} />
      <div className="form-actions">
        {offer.status === "accepted" && side === "buyer" ? (
          <Link to={`/listings/${offer.listingId}/buy`} className="button">
            Check out now at {formatMoney(offer.agreedCents ?? offer.amountCents)}
          </Link>
        ) : null}
        {offer.actions.includes("accept") ? (
          <ActionButton offerId={offer.id} intent="accept">
            {side === "seller" ? "Accept offer" : "Accept counter-offer"}
          </ActionButton>
        ) : null}
        {offer.actions.includes("decline") ? (
          <ActionButton offerId={offer.id} intent="decline" secondary>
            {side === "seller" ? "Decline offer" : "Decline counter-offer"}
          </ActionButton>
        ) : null}
        {offer.actions.includes("withdraw") ? (
          <ActionButton offerId={offer.id} intent="withdraw" secondary>
            Withdraw offer
          </ActionButton>
        ) : null}
      </div>
      {offer.actions.includes("counter") ? (
        <Form method="post" noValidate className="inline-form">
          <input type="hidden" name="offerId" value={offer.id} />
          <FormField
            label={`Counter-offer for ${offer.title}`}
            name="amount"
            inputMode="decimal"
            hint={`More than ${formatMoney(offer.amountCents)}, less than ${formatMoney(offer.priceCents)}`}
            defaultValue={mine?.values.amount}
            errors={mine?.fieldErrors.amount}
          />
          <button type="submit" name="intent" value="counter" className="button--secondary">
            Send counter-offer
          </button>
        </Form>
      ) : null}
    </li>
  );
}

function ActionButton({
  offerId,
  intent,
  secondary,
  children,
}: {
  offerId: string;
  intent: string;
  secondary?: boolean;
  children: React.ReactNode;
}) {
  return (
    <Form method="post">
      <input type="hidden" name="offerId" value={offerId} />
      <button type="submit" name="intent" value={intent} className={secondary ? "button--secondary" : undefined}>
        {children}
      </button>
    </Form>
  );
}
