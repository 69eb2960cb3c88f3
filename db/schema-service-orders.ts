import type { ColumnType } from "kysely";

/**
 * Service-only orders (migrations/0027_service_orders.ts, ADR 038): the columns they add to
 * `orders`. An item order has a listing and a seller; a service order (a shop's quote bought on a
 * Wanted request) has neither, delivery 'at_shop', and one order_services line.
 */
export const ORDER_KINDS = ["item", "service"] as const;
export type OrderKind = (typeof ORDER_KINDS)[number];

export interface ServiceOrderColumns {
  kind: ColumnType<OrderKind, OrderKind | undefined, never>;
  /** The quote (wanted_answers row, kind 'quote') a service order buys. */
  wantedAnswerId: ColumnType<string | null, string | null | undefined, string | null>;
}
