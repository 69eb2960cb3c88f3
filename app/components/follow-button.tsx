import { Form, Link } from "@remix-run/react";

export interface FollowPanelData {
  count: number;
  following: boolean;
  canFollow: boolean;
}

/**
 * The follower count and a plain-form Follow / Following button (works without JavaScript; the
 * action is /following's). Signed-out visitors get a sign-in link back to this page.
 */
export function FollowButton({
  panel,
  target,
  name,
  signedIn,
  here,
  followersHref,
}: {
  panel: FollowPanelData;
  target: { kind: "member" | "retailer"; id: string };
  name: string;
  signedIn: boolean;
  /** This page's path, to come back to. */
  here: string;
  /** A link to the follower list, where there is one. */
  followersHref?: string;
}) {
  const count = `${panel.count} ${panel.count === 1 ? "follower" : "followers"}`;
  return (
    <div className="follow-panel">
      {followersHref ? <Link to={followersHref}>{count}</Link> : <span>{count}</span>}
      {!signedIn ? (
        <Link
          className="button button--secondary button--small"
          to={`/login?${new URLSearchParams({ redirectTo: here })}`}
        >
          Sign in to follow
        </Link>
      ) : panel.canFollow ? (
        <Form method="post" action="/following" className="inline-form">
          <input type="hidden" name="kind" value={target.kind} />
          <input type="hidden" name="id" value={target.id} />
          <input type="hidden" name="intent" value={panel.following ? "unfollow" : "follow"} />
          <input type="hidden" name="redirectTo" value={here} />
          <button
            type="submit"
            className={panel.following ? "button--secondary button--small" : "button--small"}
            aria-label={panel.following ? `Following ${name}: unfollow` : `Follow ${name}`}
          >
            {panel.following ? "Following" : "Follow"}
          </button>
        </Form>
      ) : null}
    </div>
  );
}
