import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { currentUser } from "~/lib/auth.server";
import { parseParams } from "~/lib/forms";
import { orErrorResponse } from "~/lib/http.server";
import { idParamsSchema } from "~/lib/id-params.server";
import { memberFollowers } from "~/modules/community/follows.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Followers of ${data.member.displayName} · Stoop` : "Followers · Stoop" },
];

export async function loader({ params, context }: LoaderFunctionArgs) {
  const viewer = currentUser(context);
  const { id } = parseParams(idParamsSchema, params);
  return json(await orErrorResponse(() => memberFollowers(context.db, id, viewer?.id ?? null)));
}

export default function Followers() {
  const { member, count, hidden, followers } = useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="followers-title">
      <h1 id="followers-title">Followers of {member.displayName}</h1>
      <p>
        {count} {count === 1 ? "member follows" : "members follow"}{" "}
        <Link to={`/members/${member.id}`}>{member.displayName}</Link>.
      </p>
      {hidden ? (
        <p className="muted">{member.displayName} keeps their follower list private.</p>
      ) : followers.length ? (
        <ul className="plain-list">
          {followers.map((follower) => (
            <li key={follower.id}>
              <Link to={`/members/${follower.id}`}>{follower.displayName}</Link>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
