import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { NOTIFICATION_KINDS } from "~/modules/notifications/kinds";
import { unsubscribeFromEmail } from "~/modules/notifications/notify.server";
import { readUnsubscribeToken } from "~/modules/notifications/unsubscribe.server";
import { unsubscribeParams } from "~/modules/notifications/route-schemas.server";

export const meta: MetaFunction = () => [{ title: "Unsubscribe · Stoop" }, { name: "robots", content: "noindex" }];

async function verifiedToken(params: unknown, context: LoaderFunctionArgs["context"]) {
  const parsed = unsubscribeParams.safeParse(params);
  const target = parsed.success ? await readUnsubscribeToken(context.db, parsed.data.token) : null;
  if (!target)
    throw new Response("This unsubscribe link is not valid. Change your email settings after signing in.", {
      status: 404,
    });
  return target;
}

// A GET only asks (link scanners open every link); the button, or a mail app's RFC 8058
// one-click POST, unsubscribes. The signed token is the authorisation, so this path is
// exempt from the Origin check (app/server/http.ts).
export async function loader({ params, context }: LoaderFunctionArgs) {
  const target = await verifiedToken(params, context);
  return json({ kindLabel: NOTIFICATION_KINDS[target.kind].label });
}

export async function action({ params, context }: ActionFunctionArgs) {
  const target = await verifiedToken(params, context);
  await unsubscribeFromEmail(context.db, target.userId, target.kind);
  context.logger.info({ userId: target.userId, kind: target.kind }, "unsubscribed from email");
  return json({ unsubscribed: true });
}

export default function Unsubscribe() {
  const { kindLabel } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <section className="narrow card" aria-labelledby="unsubscribe-title">
      <h1 id="unsubscribe-title">Unsubscribe</h1>
      {actionData?.unsubscribed ? (
        <p role="status" className="notice">
          Done: you will no longer get “{kindLabel}” emails. You still see them on Stoop.
        </p>
      ) : (
        <>
          <p>Stop emails about “{kindLabel}”?</p>
          <Form method="post">
            <button type="submit">Unsubscribe from these emails</button>
          </Form>
        </>
      )}
      <p>
        <Link to="/settings/notifications">All notification settings</Link>
      </p>
    </section>
  );
}
