import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";

export const meta: MetaFunction = () => [{ title: "Account deleted · Stoop" }];

export default function AccountDeleted() {
  return (
    <section className="narrow card" aria-labelledby="deleted-title">
      <h1 id="deleted-title">Your account is deleted</h1>
      <p>You are signed out everywhere and your personal details are erased. Thank you for being part of Stoop.</p>
      <p>
        <Link to="/">Back to the front page</Link>
      </p>
    </section>
  );
}
