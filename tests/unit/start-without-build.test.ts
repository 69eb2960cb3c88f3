import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "~/lib/env.server";
import { createLogger } from "~/lib/logger.server";
import { NO_BUILD_MESSAGE, startStoop } from "~/server/start";

describe("starting without a build", () => {
  it("says to build first, before opening (or creating) the database", async () => {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "stoop-nobuild-"));
    const dataDir = path.join(scratch, "data");
    try {
      const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: "silent" });
      await expect(
        startStoop(config, createLogger("silent"), {
          seedDemo: false,
          buildFile: path.join(scratch, "build/index.js"),
        }),
      ).rejects.toThrow(NO_BUILD_MESSAGE);
      expect(NO_BUILD_MESSAGE).toBe("no build found: run `npm run build` first (or `npm run demo`)");
      // PGlite would have created its data directory; nothing was touched.
      expect(fs.existsSync(dataDir)).toBe(false);
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  });
});
