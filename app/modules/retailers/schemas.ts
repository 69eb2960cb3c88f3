/**
 * The retailer forms' labels, browser-safe. The zod schemas are in schemas.server.ts, so zod stays
 * out of the pages' bundles (tests/unit/client-bundle.test.ts).
 */
export { SERVICE_KIND_LABELS, SERVICE_PLACE_LABELS, SERVICE_STATUS_LABELS } from "./labels";
