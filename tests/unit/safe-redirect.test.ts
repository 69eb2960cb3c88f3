import { describe, expect, it } from "vitest";
import { safeRedirect } from "~/lib/safe-redirect";

describe("safeRedirect", () => {
  it("keeps paths on this site", () => {
    expect(safeRedirect("/settings?tab=password")).toBe("/settings?tab=password");
  });

  it.each([
    "https://evil.example",
    "//evil.example/x",
    "/\\evil.example",
    "javascript:alert(1)",
    "/ok\n/evil",
    "",
    null,
  ])("replaces %j with the home page", (target) => {
    expect(safeRedirect(target)).toBe("/");
  });
});
