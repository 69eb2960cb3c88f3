import { describe, expect, it } from "vitest";
import { formatKm } from "~/lib/geo";

describe("a meetup spot's distance", () => {
  it("shows tenths of a km below 10 km and whole km above", () => {
    expect(formatKm(0)).toBe("0.0 km");
    expect(formatKm(1.24)).toBe("1.2 km");
    expect(formatKm(0.78)).toBe("0.8 km");
    expect(formatKm(9.96)).toBe("10.0 km");
    expect(formatKm(12.6)).toBe("13 km");
  });
});
