import { describe, expect, it } from "vitest";
import { boundingBox, distanceKm, formatDistance } from "~/lib/geo";
import { formatMoney, parseMoneyToCents } from "~/lib/money";
import { resolvePlace } from "~/modules/listings/location.server";
import { queryOf, rawSearchParams, toSearchString } from "~/modules/listings/schemas";
import { listingFormSchema, searchParamsSchema } from "~/modules/listings/schemas.server";
import { decodeCursor, effectiveSort, encodeCursor } from "~/modules/listings/search.server";
import { checkTransition, ownerActionsFor, TRANSITIONS } from "~/modules/listings/transitions";

const form = (overrides: Record<string, string> = {}) => ({
  title: "Oak bookshelf",
  description: "",
  categoryId: "storage",
  condition: "good",
  price: "45",
  pickup: "on",
  location: "97214",
  ...overrides,
});

describe("the listing form", () => {
  it("turns a price in dollars into integer cents, and 0 is allowed (free)", () => {
    expect(listingFormSchema.parse(form({ price: "12.5" })).priceCents).toBe(1250);
    expect(listingFormSchema.parse(form({ price: "$1,200" })).priceCents).toBe(120000);
    expect(listingFormSchema.parse(form({ price: "0" })).priceCents).toBe(0);
  });

  it("reports each bad field next to it", () => {
    const result = listingFormSchema.safeParse(form({ title: "ab", price: "cheap", condition: "mint", pickup: "" }));
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((issue) => issue.path.join("."));
    expect(paths.sort()).toEqual(["condition", "price", "title"]);
  });

  it("needs a delivery option and a shipping price when shipping is offered", () => {
    const none = listingFormSchema.safeParse(form({ pickup: "" }));
    expect(none.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["pickup", "Offer local pickup, shipping, or both"],
    ]);
    const noPrice = listingFormSchema.safeParse(form({ shipping: "on", shippingPrice: "" }));
    expect(noPrice.error?.issues[0]?.path).toEqual(["shippingPrice"]);
    expect(listingFormSchema.parse(form({ shipping: "on", shippingPrice: "8.50" })).shippingCents).toBe(850);
    expect(listingFormSchema.parse(form({ shippingPrice: "8.50" })).shippingCents).toBeNull();
  });

  it("limits the title to 80 characters and the description to 5,000", () => {
    expect(listingFormSchema.safeParse(form({ title: "x".repeat(81) })).success).toBe(false);
    expect(listingFormSchema.safeParse(form({ description: "x".repeat(5001) })).success).toBe(false);
    expect(listingFormSchema.safeParse(form({ title: "x".repeat(80), description: "x".repeat(5000) })).success).toBe(
      true,
    );
  });
});

describe("search parameters", () => {
  const parse = (query: string) => searchParamsSchema.safeParse(rawSearchParams(new URLSearchParams(query)));

  it("read repeated conditions, prices in dollars and checkboxes", () => {
    const result = parse(
      "q=blue+bike+-kids&condition=good&condition=fair&minPrice=10&maxPrice=99.5&shipping=1&near=97214&radius=10",
    );
    expect(result.data).toMatchObject({
      q: "blue bike -kids",
      condition: ["good", "fair"],
      minPrice: 1000,
      maxPrice: 9950,
      shipping: true,
      free: false,
      near: "97214",
      radius: 10,
    });
  });

  it("refuse nonsense with messages instead of ignoring it", () => {
    const messages = (query: string) => parse(query).error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    expect(messages("minPrice=50&maxPrice=10")).toEqual(["maxPrice: The maximum price is below the minimum"]);
    expect(messages("sort=nearest")).toEqual(["near: Enter a postal code or town to sort by distance"]);
    expect(messages("condition=mint")).toEqual(["condition.0: Unknown condition"]);
    expect(messages("radius=9999&near=x")).toEqual(["radius: Choose a distance of at most 500 km"]);
    expect(messages("category=../../etc")).toEqual(["category: Unknown category"]);
  });

  it("round-trip through the URL a saved search stores, without the page cursor", () => {
    const parsed = parse("q=lamp&condition=good&free=1&near=97214&radius=5&cursor=abc").data!;
    const query = queryOf(parsed);
    expect(toSearchString(query)).toBe("q=lamp&condition=good&near=97214&radius=5&free=1");
    expect(parse(toSearchString(query)).data).toEqual({ ...parsed, cursor: "" });
  });

  it("fall back to newest when best match has no words or nearest has no place", () => {
    expect(effectiveSort({ q: "", sort: undefined }, null)).toBe("newest");
    expect(effectiveSort({ q: "lamp", sort: undefined }, null)).toBe("best");
    expect(effectiveSort({ q: "", sort: "best" }, null)).toBe("newest");
    expect(effectiveSort({ q: "", sort: "nearest" }, { latitude: 1, longitude: 1 })).toBe("nearest");
  });

  it("carry page cursors that survive the trip and refuse tampered ones", () => {
    const cursor = { v: "2026-11-23 11:16:43.123456+00", id: "abc_DEF-123" };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    expect(decodeCursor("")).toBeNull();
    expect(() => decodeCursor("bm9wZQ")).toThrow("That page link is broken.");
  });

  const link = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

  it.each([
    ["price_asc", ["abc", "x"]],
    ["price_desc", [12.5, "abc"]],
    ["price_asc", [99999999999, "abc"]],
    ["newest", [1234, "abc"]],
    ["newest", ["2026-13-45 99:00:00+00", "abc"]],
    ["newest", ["yesterday", "abc"]],
    ["best", ["0.5", "abc"]],
    ["nearest", [1.5, "a/b"]],
    ["nearest", [1.5, "abc", "extra"]],
  ] as const)("refuse a %s cursor carrying %j as a broken page link", (sort, value) => {
    expect(() => decodeCursor(link(value), sort)).toThrow("That page link is broken.");
  });

  it.each([
    ["price_asc", [2500, "abc"]],
    ["best", [0.0759, "abc"]],
    ["nearest", [3.25, "abc"]],
    ["newest", ["2026-11-23 11:16:43+00", "abc"]],
  ] as const)("accept a %s cursor that Stoop could have written", (sort, value) => {
    expect(decodeCursor(link(value), sort)).toEqual({ v: value[0], id: value[1] });
  });
});

describe("the listing state machine", () => {
  it("lets owners publish, archive and mark sold, and only admins remove", () => {
    expect(checkTransition("publish", "draft", "owner")).toEqual({ ok: true, to: "active" });
    expect(checkTransition("remove", "active", "owner")).toMatchObject({ ok: false, reason: "not-allowed" });
    expect(checkTransition("remove", "active", "admin")).toEqual({ ok: true, to: "removed" });
    expect(checkTransition("markSold", "draft", "owner")).toMatchObject({ ok: false, reason: "wrong-state" });
    expect(ownerActionsFor("active")).toEqual(["markSold", "archive"]);
    expect(ownerActionsFor("sold")).toEqual([]);
  });

  it("has no way out of removed", () => {
    for (const rule of Object.values(TRANSITIONS)) expect(rule.from).not.toContain("removed");
  });
});

describe("places and distances", () => {
  it("resolves US ZIP codes, Canadian postal areas and city names offline", () => {
    expect(resolvePlace("97214")).toMatchObject({ placeName: "Portland, OR", postalCode: "97214" });
    expect(resolvePlace("M5V 3L9")).toMatchObject({ placeName: "Downtown Toronto, Ontario" });
    expect(resolvePlace("portland, or")).toMatchObject({ placeName: "Portland, OR", postalCode: null });
    expect(resolvePlace("Seattle")?.placeName).toBe("Seattle, WA");
    expect(resolvePlace("Atlantis")).toBeNull();
    expect(resolvePlace("00000")).toBeNull();
  });

  it("stores only a rounded point (about 1 km)", () => {
    const place = resolvePlace("10001")!;
    expect(place.latitude * 100).toBe(Math.round(place.latitude * 100));
  });

  it("measures great-circle distance and boxes it", () => {
    const portland = { latitude: 45.52, longitude: -122.68 };
    const seattle = { latitude: 47.61, longitude: -122.33 };
    expect(distanceKm(portland, seattle)).toBeGreaterThan(225);
    expect(distanceKm(portland, seattle)).toBeLessThan(240);
    const box = boundingBox(portland, 250);
    expect(seattle.latitude).toBeLessThan(box.maxLatitude);
    expect(boundingBox(portland, 200).maxLatitude).toBeLessThan(seattle.latitude);
  });

  it("says distances the way people do", () => {
    expect(formatDistance(0.4)).toBe("less than 1 km away");
    expect(formatDistance(3.2)).toBe("~3 km away");
    expect(formatDistance(23)).toBe("~25 km away");
  });
});

describe("money", () => {
  it("parses and formats integer cents", () => {
    expect(parseMoneyToCents("12.345")).toBeNull();
    expect(parseMoneyToCents("-5")).toBeNull();
    expect(formatMoney(123456)).toBe("$1,234.56");
    expect(formatMoney(0)).toBe("$0.00");
  });
});
