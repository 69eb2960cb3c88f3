import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRetailerStaff } from "~/lib/auth.server";
import { parseParams, parseSearchParams } from "~/lib/forms";
import { orErrorResponse } from "~/lib/http.server";
import { insightsCsvQuerySchema, shopSlugSchema } from "~/modules/insights/route-schemas.server";
import { insightsCsv, shopInsights } from "~/modules/insights/shop-insights.server";
import { retailerBySlug } from "~/modules/retailers/retailers.server";

/** One section of the insights page as CSV, for the shop's staff (the same k-anonymous rows). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { slug } = parseParams(shopSlugSchema, params);
  const retailer = await orErrorResponse(() => retailerBySlug(context.db, slug));
  await requireRetailerStaff(request, context, retailer.id);
  const { days, section } = parseSearchParams(insightsCsvQuerySchema, request);
  const insights = await shopInsights(context.db, retailer.id, days);
  return new Response(insightsCsv(section, insights[section]), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${retailer.slug}-${section}-${days}d.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
