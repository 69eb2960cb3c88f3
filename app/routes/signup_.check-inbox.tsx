import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DevMailboxHint } from "~/components/dev-mailbox-hint";
import { canOpenDevMailbox } from "~/lib/dev-mailbox.server";

export const meta: MetaFunction = () => [{ title: "Check your inbox · Stoop" }];

export async function loader({ context }: LoaderFunctionArgs) {
  return json({ mailbox: canOpenDevMailbox(context) });
}

// Shown after every sign-up, whether or not the address already had an account.
export default function CheckInbox() {
  const { mailbox } = useLoaderData<typeof loader>();
  return (
    <section className="narrow card" aria-labelledby="check-inbox-title">
      <h1 id="check-inbox-title">Check your inbox</h1>
      <p>
        To finish signing up, open the link we just emailed you. It works for 48 hours. If the address already has a
        Stoop account, we emailed its owner instead.
      </p>
      {mailbox ? <DevMailboxHint /> : null}
      <p>
        Nothing arrived after a few minutes? Look in your spam folder, or <Link to="/signup">sign up again</Link>.
        Already verified? <Link to="/login">Sign in</Link>.
      </p>
    </section>
  );
}
