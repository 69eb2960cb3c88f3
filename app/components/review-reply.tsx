import { Link } from "@remix-run/react";
import { formatDay } from "~/lib/dates";

/**
 * Under a review: the reviewed side's reply if there is one, otherwise, for whom may reply (the
 * member it is about, or the shop's staff), a link to the reply page (a plain link: no JS needed).
 */
export function ReviewReply({
  reviewId,
  reply,
  repliedAt,
  from,
  canReply,
}: {
  reviewId: string;
  reply: string | null;
  repliedAt: string | null;
  from: string;
  canReply: boolean;
}) {
  if (reply)
    return (
      <div className="review-reply">
        <p className="muted">
          Reply from {from}
          {repliedAt ? `, ${formatDay(repliedAt)}` : ""}
        </p>
        <p>{reply}</p>
      </div>
    );
  if (!canReply) return null;
  return (
    <p>
      <Link to={`/reviews/${reviewId}/reply`}>Reply to this review</Link>
    </p>
  );
}
