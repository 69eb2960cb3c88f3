import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form } from "@remix-run/react";

export const meta: MetaFunction = () => [{ title: "Sign out · Stoop" }];

// Signing out changes state, so it is a POST; a GET (a link, a prefetch) only asks.
export async function loader({ context }: LoaderFunctionArgs) {
  if (!context.auth.user) throw redirect("/");
  return null;
}

export async function action({ context }: ActionFunctionArgs) {
  if (context.auth.token) await context.sessions.invalidate(context.auth.token);
  return redirect("/", { headers: { "Set-Cookie": context.sessions.blankCookie() } });
}

export default function Logout() {
  return (
    <section className="narrow card" aria-labelledby="logout-title">
      <h1 id="logout-title">Sign out?</h1>
      <Form method="post">
        <button type="submit">Sign out</button>
      </Form>
    </section>
  );
}
