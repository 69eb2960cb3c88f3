import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { migrations } from "../../migrations/index";

describe("the migrations list", () => {
  it("registers every numbered file in migrations/, in order", () => {
    const files = fs
      .readdirSync(path.resolve("migrations"))
      .filter((file) => /^\d{4}_.+\.ts$/.test(file))
      .map((file) => file.replace(/\.ts$/, ""))
      .sort();
    expect(Object.keys(migrations)).toEqual(files);
  });
});
