import { Form } from "@remix-run/react";
import { formatDateTime } from "~/lib/dates";

/**
 * Nobody showed up (issue #15): once Stoop has asked what happened to a pickup, each side can end
 * the order here (the buyer refunded in full either way, the item for sale again). Plain forms,
 * so it works without JavaScript.
 */
export function NoShowPanel({
  role,
  noShow,
}: {
  role: "buyer" | "seller";
  noShow: { askedAt: string | Date; deadline: string | Date };
}) {
  const deadline = new Date(noShow.deadline);
  return (
    <section className="card" aria-labelledby="no-show-title">
      <h2 id="no-show-title">Did the pickup happen?</h2>
      <p>
        The handover hasn't been recorded yet. If it still happens, record it as usual. If nobody answers by{" "}
        <time dateTime={deadline.toISOString()}>{formatDateTime(deadline)}</time>, the order is cancelled, the buyer
        refunded in full and the item put back on sale.
      </p>
      <Form method="post">
        {role === "buyer" ? (
          <>
            <p>If the seller didn't show up, cancel the order and get a full refund.</p>
            <button type="submit" name="intent" value="sellerNoShow">
              The seller didn't show up: cancel and refund
            </button>
          </>
        ) : (
          <>
            <p>If the buyer didn't show up, put the item back on sale; the buyer is refunded in full.</p>
            <button type="submit" name="intent" value="buyerNoShow">
              The buyer didn't show up: put the item back on sale
            </button>
          </>
        )}
      </Form>
    </section>
  );
}
