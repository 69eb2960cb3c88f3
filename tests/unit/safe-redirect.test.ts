import { describe, expect, it } from "vitest";
import { safeRedirect } from "~/lib/safe-redirect";

describe("safeRedirect", () => {
  it.each(["/settings?tab=password", "/listings/abc_DEF-1#offer-title", "/search?q=caf%C3%A9&condition=good", "/"])(
    "keeps the path %j on this site",
    (target) => {
      expect(safeRedirect(target)).toBe(target);
    },
  );

  it("uses the caller's fallback", () => {
    expect(safeRedirect("https://evil.example", "/offers")).toBe("/offers");
  });

  it.each([
    "https://evil.example",
    "//evil.example/x",
    "/\\evil.example",
    "javascript:alert(1)",
    "/ok\n/evil",
    "/\t/evil",
    "/。x",
    "/。/evil.example",
    "/café",
    "/%2F%2Fevil.example",
    "/%2f/evil.example",
    "/%5Cevil.example",
    "/%0d%0aSet-Cookie:x=1",
    "/%E0%A4%A",
    "/\\evil",
    " /settings",
    "settings",
    "/x".repeat(1001),
    "",
    null,
  ])("replaces %j with the home page", (target) => {
    expect(safeRedirect(target)).toBe("/");
  });
});
