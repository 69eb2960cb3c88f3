/** Words for services and their states, shared by pages and forms (no zod: this reaches the browser). */

export const SERVICE_PLACE_LABELS = {
  shop: "At the shop",
  buyer: "At the buyer's",
  pickup_deliver: "Pickup and deliver",
} as const;

export const SERVICE_KIND_LABELS = {
  standard: "Standard service",
  inspection: "Inspection before handover",
  handoff: "Handoff point",
} as const;

export const SERVICE_STATUS_LABELS = {
  requested: "waiting for the shop",
  accepted: "accepted",
  dropped_off: "dropped off at the shop",
  declined: "declined (refunded)",
  done: "done",
  failed: "failed inspection (refunded)",
  cancelled: "cancelled",
} as const;
