import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/auth.server";
import { UNSTORABLE_TEXT, hasUnstorableText, parseForm, readForm } from "~/lib/forms";
import { orErrorResponse } from "~/lib/http.server";
import { safeRedirect } from "~/lib/safe-redirect";
import { follow, following, setHideFollowers, unfollow } from "~/modules/community/follows.server";
import { followingForm } from "~/modules/community/route-schemas.server";

export const meta: MetaFunction = () => [{ title: "Following · Stoop" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  const list = await following(context.db, user.id);
  return json({ ...list, userId: user.id });
}

/** Follow, unfollow (from any page: it goes back there) and the follower-list privacy setting. */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const parsed = parseForm(followingForm, await readForm(request));
  if (!parsed.ok) {
    const message = hasUnstorableText(parsed) ? UNSTORABLE_TEXT : "That request was malformed; reload the page.";
    throw new Response(message, { status: 400 });
  }
  const form = parsed.data;
  if (form.intent === "privacy") {
    await setHideFollowers(context.db, user.id, form.hideFollowers === "on");
    return redirect("/following");
  }
  const target = { kind: form.kind, id: form.id };
  await orErrorResponse(() =>
    form.intent === "follow" ? follow(context.db, user.id, target) : unfollow(context.db, user.id, target),
  );
  return redirect(safeRedirect(form.redirectTo ?? "/following"));
}

function UnfollowButton({ kind, id, name }: { kind: "member" | "retailer"; id: string; name: string }) {
  return (
    <Form method="post" className="inline-form">
      <input type="hidden" name="intent" value="unfollow" />
      <input type="hidden" name="kind" value={kind} />
      <input type="hidden" name="id" value={id} />
      <button type="submit" className="button--secondary button--small" aria-label={`Unfollow ${name}`}>
        Unfollow
      </button>
    </Form>
  );
}

export default function Following() {
  const { members, shops, hideFollowers, userId } = useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="following-title">
      <h1 id="following-title">Following</h1>
      <p>
        New listings from the members you follow and new services and answers from the shops you follow show in{" "}
        <Link to="/feed">your feed</Link>.
      </p>
      <h2>Members</h2>
      {members.length ? (
        <ul className="plain-list follow-list">
          {members.map((member) => (
            <li key={member.id}>
              <Link to={`/members/${member.id}`}>{member.displayName}</Link>
              <UnfollowButton kind="member" id={member.id} name={member.displayName} />
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">You follow no members yet. Press Follow on a member&apos;s profile.</p>
      )}
      <h2>Shops</h2>
      {shops.length ? (
        <ul className="plain-list follow-list">
          {shops.map((shop) => (
            <li key={shop.id}>
              <Link to={`/retailers/${shop.slug}`}>{shop.name}</Link>
              <UnfollowButton kind="retailer" id={shop.id} name={shop.name} />
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">
          You follow no shops yet. Find one among <Link to="/retailers">the local shops</Link>.
        </p>
      )}
      <h2>Your followers</h2>
      <Form method="post" className="card">
        <input type="hidden" name="intent" value="privacy" />
        <label className="checkbox">
          <input type="checkbox" name="hideFollowers" defaultChecked={hideFollowers} /> Hide my follower list (others
          still see how many follow you)
        </label>
        <button type="submit" className="button--small">
          Save
        </button>
      </Form>
      <p>
        <Link to={`/members/${userId}/followers`}>See who follows you</Link>
      </p>
    </section>
  );
}
