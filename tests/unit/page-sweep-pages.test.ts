import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SWEEP_EXCLUSIONS, SWEEP_PAGES, SWEEP_ROLES } from "../e2e/page-sweep-pages";

const routeFiles = fs.readdirSync(path.resolve("app/routes")).sort();
const swept = new Set(SWEEP_PAGES.map((page) => page.file));

describe("the overflow sweep's page list", () => {
  it("names every route file in app/routes as a page to visit or an exclusion with a reason", () => {
    const forgotten = routeFiles.filter((file) => !swept.has(file) && !(file in SWEEP_EXCLUSIONS));
    expect(forgotten, "add these to SWEEP_PAGES (or, if they are no page, SWEEP_EXCLUSIONS)").toEqual([]);
  });

  it("names no route file that does not exist, and none as both a page and an exclusion", () => {
    const names = [...swept, ...Object.keys(SWEEP_EXCLUSIONS)];
    expect(names.filter((file) => !routeFiles.includes(file))).toEqual([]);
    expect([...swept].filter((file) => file in SWEEP_EXCLUSIONS)).toEqual([]);
  });

  it("excludes only files that have no page component or a loader that never renders it", () => {
    // A route with a default export renders a page; the exclusions that have one must say why.
    const withPage = Object.keys(SWEEP_EXCLUSIONS).filter((file) =>
      /export default function/.test(fs.readFileSync(path.resolve("app/routes", file), "utf8")),
    );
    expect(withPage.sort()).toEqual(["admin.tsx", "bench.$page.tsx"]);
  });

  it("visits every page in each role once, so screenshots do not overwrite each other", () => {
    const keys = SWEEP_PAGES.map((page) => `${page.role} ${page.file}`);
    expect(keys.filter((key, i) => keys.indexOf(key) !== i)).toEqual([]);
    for (const role of SWEEP_ROLES)
      expect(
        SWEEP_PAGES.some((page) => page.role === role),
        role,
      ).toBe(true);
  });
});
