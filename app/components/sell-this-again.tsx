import { Form, Link } from "@remix-run/react";

/** The buyer's "Sell this again" on a completed order: a plain form post, or a link to the draft it made. */
export function SellThisAgain({ orderId, listingId }: { orderId: string; listingId: string | null }) {
  return (
    <section className="card" aria-labelledby="sell-again-title">
      <h2 id="sell-again-title">Sell this again</h2>
      {listingId ? (
        <p>
          You started selling it again. <Link to={`/listings/${listingId}/edit`}>Open your draft</Link>
        </p>
      ) : (
        <Form method="post" action={`/orders/${orderId}/sell-again`}>
          <p>
            Done with it? Start a listing filled in from this one (title, description, photos), with its history on
            Stoop. You can change anything before you publish.
          </p>
          <button type="submit">Sell this again</button>
        </Form>
      )}
    </section>
  );
}
