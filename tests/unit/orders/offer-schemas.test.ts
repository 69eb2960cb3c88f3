import { describe, expect, it } from "vitest";
import { makeOfferSchema, offerActionSchema } from "~/modules/orders/offer-schemas.server";

describe("offer forms", () => {
  it("reads typed dollars as integer cents", () => {
    for (const [typed, cents] of [
      ["18", 1800],
      ["18.5", 1850],
      ["$19.99", 1999],
      [" 1,200 ", 120000],
    ] as const)
      expect(makeOfferSchema.parse({ intent: "offer", amount: typed })).toEqual({ intent: "offer", amount: cents });
  });

  it("refuses amounts that are not a positive amount of money, with the same message", () => {
    for (const typed of ["", "0", "0.00", "-5", "abc", "1.999", "12e3"]) {
      const result = makeOfferSchema.safeParse({ intent: "offer", amount: typed });
      expect(result.success, typed).toBe(false);
      expect(result.error?.issues[0]?.message).toBe("Enter an amount above $0, like 20 or 19.50");
    }
  });

  it("accepts only the known actions, and a counter only with an amount", () => {
    expect(offerActionSchema.parse({ intent: "accept", offerId: "abc_DEF-1" })).toEqual({
      intent: "accept",
      offerId: "abc_DEF-1",
    });
    expect(offerActionSchema.parse({ intent: "counter", offerId: "abc", amount: "22" })).toEqual({
      intent: "counter",
      offerId: "abc",
      amount: 2200,
    });
    expect(offerActionSchema.safeParse({ intent: "counter", offerId: "abc" }).success).toBe(false);
    expect(offerActionSchema.safeParse({ intent: "purchase", offerId: "abc" }).success).toBe(false);
    expect(offerActionSchema.safeParse({ intent: "accept", offerId: "../x" }).success).toBe(false);
  });
});
