import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadBuiltHost, NoBuildError } from "~/server/built-host";

describe("starting without a build", () => {
  it("says to build first (app/server.ts calls this before anything opens the database)", async () => {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "stoop-nobuild-"));
    try {
      const missing = loadBuiltHost(path.join(scratch, "build/index.js"));
      await expect(missing).rejects.toBeInstanceOf(NoBuildError);
      await expect(missing).rejects.toThrow("no build found: run `npm run build` first (or `npm run demo`)");
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  });
});
