import { describe, expect, it } from "vitest";
import { EFFECT_KINDS, unhandledEffectKinds } from "~/lib/effects.server";
import { listingEffects } from "~/modules/listings/listing-effects.server";
import { EFFECT_HANDLERS, wireEffects } from "~/wiring/effects.server";

describe("the effects wiring", () => {
  it("has a handler for every kind of effect", () => {
    expect(Object.keys(EFFECT_HANDLERS).sort()).toEqual([...EFFECT_KINDS].sort());
    expect(unhandledEffectKinds()).toEqual([...EFFECT_KINDS]);
    // As app/entry.server.tsx and the integration tests' setup file do.
    wireEffects();
    expect(unhandledEffectKinds()).toEqual([]);
  });
});

describe("listingEffects", () => {
  it("queues the saved-search alerts and the followers' news of a publish", () => {
    expect(listingEffects("l1", "publish")).toEqual([
      { kind: "enqueueJob", queue: "saved-search-alerts", data: { listingId: "l1" } },
      { kind: "enqueueJob", queue: "follow-listing", data: { listingId: "l1" } },
    ]);
  });

  it("closes the open offers of a listing that no longer sells, saying why", () => {
    expect(listingEffects("l1", "markSold")).toEqual([{ kind: "offers.close", listingId: "l1", reason: "sold" }]);
    expect(listingEffects("l1", "archive")).toEqual([{ kind: "offers.close", listingId: "l1", reason: "archived" }]);
    expect(listingEffects("l1", "remove")).toEqual([{ kind: "offers.close", listingId: "l1", reason: "removed" }]);
  });

  it("causes nothing elsewhere when a checkout reserves it", () => {
    expect(listingEffects("l1", "reserve")).toEqual([]);
  });

  it("tells whoever saved it when a released listing is for sale again", () => {
    expect(listingEffects("l1", "release")).toEqual([
      { kind: "enqueueJob", queue: "price-drop", data: { listingId: "l1", reason: "back" } },
    ]);
  });
});
