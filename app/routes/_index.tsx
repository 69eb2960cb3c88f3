import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

export async function loader({ context }: LoaderFunctionArgs) {
  return json({ displayName: context.auth.user?.displayName ?? null });
}

export default function Home() {
  const { displayName } = useLoaderData<typeof loader>();
  return (
    <div className="home">
      <section className="hero" aria-labelledby="hero-title">
        <h1 id="hero-title">{displayName ? `Welcome back, ${displayName}` : "Your neighbourhood garage sale"}</h1>
        <p className="lead">
          Sell the things you no longer need, find good used things near you, and let local shops repair, clean or
          deliver them.
        </p>
        {displayName ? (
          <p>
            <Link to="/settings" className="button">
              Your account
            </Link>
          </p>
        ) : (
          <p className="hero__actions">
            <Link to="/signup" className="button">
              Join Stoop
            </Link>
            <Link to="/login" className="button button--secondary">
              Sign in
            </Link>
          </p>
        )}
      </section>
      <section aria-labelledby="how-title" className="how">
        <h2 id="how-title">How Stoop works</h2>
        <ol className="steps">
          <li>
            <h3>List it in a minute</h3>
            <p>Photos, condition, a price, pickup or shipping.</p>
          </li>
          <li>
            <h3>Pay safely</h3>
            <p>The money waits until the buyer has the item in hand.</p>
          </li>
          <li>
            <h3>Local shops help</h3>
            <p>Add a repair, a cleaning or a delivery from a shop near you.</p>
          </li>
        </ol>
      </section>
    </div>
  );
}
