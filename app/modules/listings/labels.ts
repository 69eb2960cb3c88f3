import type { Condition } from "~db/schema-listings";

/** Labels and constants the pages show. No zod here: this module is part of the browser bundle. */

export const CONDITION_LABELS: Record<Condition, string> = {
  new_with_tags: "New with tags",
  like_new: "Like new",
  good: "Good",
  fair: "Fair",
  for_parts: "For parts or repair",
};

export const MAX_PHOTOS = 10;

export const SORTS = ["best", "newest", "price_asc", "price_desc", "nearest"] as const;
export type Sort = (typeof SORTS)[number];
export const SORT_LABELS: Record<Sort, string> = {
  best: "Best match",
  newest: "Newest",
  price_asc: "Price: low to high",
  price_desc: "Price: high to low",
  nearest: "Nearest",
};

export const RADIUS_CHOICES = [2, 5, 10, 25, 50, 100, 250] as const;
