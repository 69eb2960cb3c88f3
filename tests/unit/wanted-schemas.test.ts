import { describe, expect, it } from "vitest";
import {
  wantedActionSchema,
  wantedAnswerSchema,
  wantedFormSchema,
  wantedSearchSchema,
} from "~/modules/community/wanted-schemas.server";

describe("the Wanted forms", () => {
  it("turns a dollar budget into integer cents and defaults the radius to 10 km", () => {
    const parsed = wantedFormSchema.parse({
      title: "Kids bike",
      categoryId: "bikes",
      budget: "35.5",
      location: "97214",
    });
    expect(parsed).toMatchObject({ budget: 3550, radiusKm: 10, details: "" });
    expect(
      wantedFormSchema.parse({ title: "Kids bike", categoryId: "bikes", budget: "", location: "97214" }).budget,
    ).toBeNull();
  });

  it("refuses a zero, negative or non-numeric budget and a radius outside 1-200 km", () => {
    for (const budget of ["0", "-5", "lots", "1e9"]) {
      const result = wantedFormSchema.safeParse({ title: "Kids bike", categoryId: "bikes", budget, location: "97214" });
      expect(result.success, budget).toBe(false);
    }
    for (const radiusKm of ["0", "201", "2.5", "far"]) {
      const result = wantedFormSchema.safeParse({
        title: "Kids bike",
        categoryId: "bikes",
        location: "97214",
        radiusKm,
      });
      expect(result.success, radiusKm).toBe(false);
    }
  });

  it("answers as the member unless a shop is chosen, and refuses ids that aren't ids", () => {
    expect(wantedAnswerSchema.parse({ kind: "text", body: "Hi" })).toMatchObject({ as: "member", serviceId: null });
    expect(wantedAnswerSchema.safeParse({ kind: "text", as: "../etc" }).success).toBe(false);
    expect(wantedAnswerSchema.safeParse({ kind: "quote", serviceId: "a b" }).success).toBe(false);
    expect(wantedAnswerSchema.safeParse({ kind: "gift" }).success).toBe(false);
    expect(wantedAnswerSchema.parse({ kind: "quote", price: "35" }).price).toBe(3500);
  });

  it("knows the request page's buttons by intent", () => {
    expect(wantedActionSchema.parse({ intent: "renew" })).toEqual({ intent: "renew" });
    expect(wantedActionSchema.safeParse({ intent: "solve" }).success).toBe(false);
    expect(wantedActionSchema.safeParse({ intent: "delete" }).success).toBe(false);
  });
});

describe("the /wanted URL", () => {
  it("reads filters and refuses a malformed cursor, sort or category", () => {
    expect(wantedSearchSchema.parse({ q: "bike", budget: "1" })).toMatchObject({ q: "bike", budget: true, radius: 25 });
    expect(wantedSearchSchema.safeParse({ cursor: "abc$%" }).success).toBe(false);
    expect(wantedSearchSchema.safeParse({ sort: "cheapest" }).success).toBe(false);
    expect(wantedSearchSchema.safeParse({ category: "Bikes & more" }).success).toBe(false);
  });
});
