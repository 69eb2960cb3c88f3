import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";

export const meta: MetaFunction = () => [{ title: "Privacy · Stoop" }];

/** What Stoop keeps about members and what it counts for shops (docs/insights.md, ADR 047). */
export default function Privacy() {
  return (
    <article className="narrow card">
      <h1>Privacy</h1>
      <p>
        Stoop keeps what it needs to run the marketplace: your account, your listings, orders and messages. You can
        download all of it or delete your account from <Link to="/settings">your settings</Link>.
      </p>
      <h2 id="insights">What shop insights count</h2>
      <p>Local shops on Stoop see figures about their area, so they can stock and offer what neighbours look for:</p>
      <ul>
        <li>
          <strong>Searches</strong> with a place: the words, the category, whether few or no listings were found, and
          the area as a cell of about 10 km (never your address or exact place). Signed-in searches are tied to your
          account so you can see, export and remove them; anonymous ones to a key made from your connection and the day,
          which cannot be followed from one day to the next.
        </li>
        <li>
          <strong>Add-ons</strong> a shop offers: shown to you on a listing page, or ticked when you go to pay.
        </li>
        <li>
          <strong>Public figures</strong>: listings published and sold and their prices, open Wanted requests, and the
          words of public questions on listings.
        </li>
      </ul>
      <p>
        A shop only ever sees counts: every figure stands for at least <strong>5 different members</strong>; smaller
        groups show as &ldquo;fewer than 5&rdquo;, and a search word fewer than 5 members used is never shown. Shops
        never see names, accounts or places of individual members. The one exception is public questions without an
        answer, which anyone can already read on the listing page.
      </p>
      <p>
        Raw search and add-on records are kept for 7 days after they are counted, daily counts for 91 days. To stop your
        searches from being counted (and remove those already counted), choose &ldquo;Don&apos;t count my searches in
        shop insights&rdquo; in <Link to="/settings#insights-title">your settings</Link>. Deleting your account removes
        them too.
      </p>
    </article>
  );
}
