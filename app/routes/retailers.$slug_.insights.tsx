import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { BarChart } from "~/components/bar-chart";
import { requireRetailerStaff } from "~/lib/auth.server";
import { parseParams, parseSearchParams } from "~/lib/forms";
import { orErrorResponse } from "~/lib/http.server";
import { formatMoney } from "~/lib/money";
import { insightsQuerySchema, shopSlugSchema } from "~/modules/insights/route-schemas.server";
import { SECTIONS, type Section } from "~/modules/insights/rules";
import { shopInsights, type InsightLine } from "~/modules/insights/shop-insights.server";
import { retailerBySlug } from "~/modules/retailers/retailers.server";
import insightsStylesHref from "~/styles/insights.css";
import { TableScroll } from "~/components/table-scroll";
import { EmptyState } from "~/components/ui";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: insightsStylesHref }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Insights · ${data.retailer.name} · Stoop` : "Insights · Stoop" },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { slug } = parseParams(shopSlugSchema, params);
  const retailer = await orErrorResponse(() => retailerBySlug(context.db, slug));
  await requireRetailerStaff(request, context, retailer.id);
  const { days } = parseSearchParams(insightsQuerySchema, request);
  const insights = await shopInsights(context.db, retailer.id, days);
  return json({
    retailer: {
      name: retailer.name,
      slug: retailer.slug,
      radiusKm: retailer.serviceRadiusKm,
      place: retailer.placeName,
    },
    days,
    computedAt: insights.computedAt?.toISOString() ?? null,
    sections: Object.fromEntries(Object.values(SECTIONS).map((section) => [section, insights[section]])) as Record<
      Section,
      InsightLine[]
    >,
  });
}

const FEWER = "fewer than 5";
type Figure = number | string | null | undefined;
const count = (value: Figure) => (value === null || value === undefined ? FEWER : String(value));
const money = (value: Figure) => (value === null || value === undefined ? FEWER : formatMoney(Number(value)));
const percent = (value: Figure) =>
  value === null || value === undefined ? FEWER : `${Math.round(Number(value) * 1000) / 10}%`;
const days = (value: Figure) => (value === null || value === undefined ? FEWER : `${value} days`);

interface Column {
  header: string;
  figure: string;
  show: (value: Figure) => string;
}

function InsightSection({
  id,
  title,
  intro,
  lines,
  columns,
  chartFigure,
  csvHref,
  empty,
}: {
  id: Section;
  title: string;
  intro: string;
  lines: InsightLine[];
  columns: Column[];
  chartFigure: string | null;
  csvHref: string;
  empty: string;
}) {
  const charted = chartFigure
    ? lines
        .filter((line) => typeof line.figures?.[chartFigure] === "number")
        .map((line) => ({ label: line.label, value: Number(line.figures![chartFigure]) }))
    : [];
  return (
    <section aria-labelledby={`${id}-title`} className="card">
      <h2 id={`${id}-title`}>{title}</h2>
      <p>{intro}</p>
      {lines.length === 0 ? (
        <EmptyState title={empty} />
      ) : (
        <div className={charted.length ? "insights-chart" : undefined}>
          {charted.length ? <BarChart title={title} data={charted} width={480} height={180} /> : null}
          <TableScroll label={title}>
            <table>
              <caption className="visually-hidden">{title}</caption>
              <thead>
                <tr>
                  <th scope="col">
                    {id === SECTIONS.demandTerm || id === SECTIONS.questionWord ? "Words" : "Category"}
                  </th>
                  {columns.map((column) => (
                    <th scope="col" key={column.figure}>
                      {column.header}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {lines.map((line) => (
                  <tr key={line.key}>
                    <th scope="row">{line.label}</th>
                    {columns.map((column) => (
                      <td key={column.figure}>{line.figures ? column.show(line.figures[column.figure]) : FEWER}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </div>
      )}
      <p>
        <a href={csvHref} download>
          Download as CSV<span className="visually-hidden"> ({title})</span>
        </a>
      </p>
    </section>
  );
}

export default function ShopInsights() {
  const data = useLoaderData<typeof loader>();
  const { retailer, days: windowDays, computedAt } = data;
  // The figures are plain JSON numbers and strings, as written by the rollup.
  const sections = data.sections as unknown as Record<Section, InsightLine[]>;
  const base = `/retailers/${retailer.slug}/insights`;
  const csv = (section: Section) => `${base}.csv?days=${windowDays}&section=${section}`;
  const members: Column = { header: "Members", figure: "members", show: count };
  return (
    <div>
      <header>
        <h1>Insights for {retailer.name}</h1>
        <p>
          What neighbours within {retailer.radiusKm} km of {retailer.place} searched for, asked and bought. Every figure
          counts at least 5 different members; smaller groups show as &ldquo;{FEWER}&rdquo;, and words fewer than 5
          members used are not shown. Members who opted out are not counted.
        </p>
        <nav aria-label="Time span" className="insights-switch">
          {[30, 90].map((span) => (
            <Link key={span} to={`${base}?days=${span}`} aria-current={span === windowDays ? "page" : undefined}>
              Last {span} days
            </Link>
          ))}
          <span>
            {computedAt
              ? `Updated ${computedAt.replace("T", " ").slice(0, 16)} UTC`
              : "Not computed yet: figures appear after the next rollup (every 10 minutes)."}
          </span>
        </nav>
      </header>

      <InsightSection
        id={SECTIONS.demandTerm}
        title="Unmet demand: words searched"
        intro="Searches nearby that found fewer than 5 listings, by the words people used."
        lines={sections[SECTIONS.demandTerm]}
        columns={[members, { header: "Searches", figure: "searches", show: count }]}
        chartFigure="members"
        csvHref={csv(SECTIONS.demandTerm)}
        empty="No search words used by 5 or more members yet."
      />
      <InsightSection
        id={SECTIONS.demandCategory}
        title="Unmet demand: categories searched"
        intro="The same searches, by the category chosen."
        lines={sections[SECTIONS.demandCategory]}
        columns={[members, { header: "Searches", figure: "searches", show: count }]}
        chartFigure="members"
        csvHref={csv(SECTIONS.demandCategory)}
        empty="No searches with few results nearby yet."
      />
      <InsightSection
        id={SECTIONS.wanted}
        title="Open Wanted requests nearby"
        intro="Requests still open in your area, by category."
        lines={sections[SECTIONS.wanted]}
        columns={[members, { header: "Open requests", figure: "requests", show: count }]}
        chartFigure="requests"
        csvHref={csv(SECTIONS.wanted)}
        empty="No open Wanted requests nearby."
      />
      <p>
        <Link to={`/wanted?near=${encodeURIComponent(retailer.place)}`}>See the Wanted requests near you</Link>
      </p>
      <InsightSection
        id={SECTIONS.sells}
        title="What sells used"
        intro="Listings published nearby in this time, and how their sales went."
        lines={sections[SECTIONS.sells]}
        columns={[
          { header: "Published", figure: "published", show: count },
          { header: "Median asking", figure: "medianAskingCents", show: money },
          { header: "Sold", figure: "sold", show: count },
          { header: "Median sold price", figure: "medianSoldCents", show: money },
          { header: "Median time to sell", figure: "medianDaysToSell", show: days },
        ]}
        chartFigure="published"
        csvHref={csv(SECTIONS.sells)}
        empty="No listings published nearby in this time."
      />
      <InsightSection
        id={SECTIONS.questionWord}
        title="Questions asked"
        intro="The most common words in public questions on listings in your categories nearby."
        lines={sections[SECTIONS.questionWord]}
        columns={[members]}
        chartFigure="members"
        csvHref={csv(SECTIONS.questionWord)}
        empty="No word was used by 5 or more askers yet."
      />
      <section aria-labelledby="unanswered-title" className="card">
        <h2 id="unanswered-title">Unanswered questions you could answer</h2>
        {sections[SECTIONS.unanswered].length ? (
          <ul className="insights-unanswered">
            {sections[SECTIONS.unanswered].map((line) => (
              <li key={line.key}>
                <Link to={`/listings/${String(line.figures?.listingId ?? "")}#questions`}>{line.label}</Link>{" "}
                <span className="field__hint">on {String(line.figures?.listingTitle ?? "a listing")}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p>No unanswered questions nearby.</p>
        )}
      </section>
      <InsightSection
        id={SECTIONS.funnel}
        title="Your add-ons"
        intro="Members who saw each add-on on a listing page, ticked it at checkout, bought it, and whose order you declined."
        lines={sections[SECTIONS.funnel]}
        columns={[
          { header: "Shown", figure: "shown", show: count },
          { header: "Ticked", figure: "ticked", show: count },
          { header: "Bought", figure: "bought", show: count },
          { header: "Declined", figure: "declined", show: count },
          { header: "Bought / shown", figure: "conversion", show: percent },
        ]}
        chartFigure="shown"
        csvHref={csv(SECTIONS.funnel)}
        empty="None of your add-ons was shown in this time."
      />
      <InsightSection
        id={SECTIONS.funnelPeers}
        title="Compared with shops nearby"
        intro="The median bought/shown rate of other shops within 50 km in your categories, when at least 5 of them have enough figures."
        lines={sections[SECTIONS.funnelPeers]}
        columns={[
          { header: "Shops", figure: "shops", show: count },
          { header: "Median bought / shown", figure: "medianConversion", show: percent },
        ]}
        chartFigure={null}
        csvHref={csv(SECTIONS.funnelPeers)}
        empty="Not enough shops nearby to compare with."
      />
    </div>
  );
}
