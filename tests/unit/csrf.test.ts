import { describe, expect, it } from "vitest";
import { isAllowedRequest } from "~/lib/csrf.server";

const allowedOrigins = ["https://stoop.example", "http://localhost:3000"];

describe("the cross-site request check", () => {
  it("lets reads through whatever their origin", () => {
    expect(
      isAllowedRequest({ method: "GET", origin: "https://evil.example", secFetchSite: "cross-site", allowedOrigins }),
    ).toBe(true);
    expect(isAllowedRequest({ method: "HEAD", origin: undefined, secFetchSite: undefined, allowedOrigins })).toBe(true);
  });

  it("accepts a POST from one of our origins", () => {
    expect(
      isAllowedRequest({
        method: "POST",
        origin: "https://stoop.example",
        secFetchSite: "same-origin",
        allowedOrigins,
      }),
    ).toBe(true);
    expect(
      isAllowedRequest({ method: "post", origin: "HTTP://LOCALHOST:3000", secFetchSite: undefined, allowedOrigins }),
    ).toBe(true);
  });

  it("refuses a POST from another site, even if Sec-Fetch-Site claims same-origin", () => {
    expect(
      isAllowedRequest({ method: "POST", origin: "https://evil.example", secFetchSite: "cross-site", allowedOrigins }),
    ).toBe(false);
    expect(
      isAllowedRequest({
        method: "DELETE",
        origin: "https://stoop.example.evil.test",
        secFetchSite: "same-origin",
        allowedOrigins,
      }),
    ).toBe(false);
  });

  it("falls back to Sec-Fetch-Site only when the browser sent no usable Origin", () => {
    expect(isAllowedRequest({ method: "POST", origin: undefined, secFetchSite: "same-origin", allowedOrigins })).toBe(
      true,
    );
    expect(isAllowedRequest({ method: "POST", origin: "null", secFetchSite: "cross-site", allowedOrigins })).toBe(
      false,
    );
    expect(isAllowedRequest({ method: "POST", origin: undefined, secFetchSite: undefined, allowedOrigins })).toBe(
      false,
    );
  });
});
