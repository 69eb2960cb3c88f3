import path from "node:path";
import { defineConfig } from "vitest/config";

const root = path.dirname(new URL(import.meta.url).pathname);

export default defineConfig({
  resolve: {
    alias: [
      { find: /^~db\//, replacement: `${path.join(root, "db")}/` },
      { find: /^~\//, replacement: `${path.join(root, "app")}/` },
    ],
  },
  test: {
    setupFiles: ["tests/support/fail-on-console-error.ts"],
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["tests/unit/**/*.test.ts"] },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          // Added to the shared setup file (arrays merge): the app's wiring, as entry.server.tsx does
          // it. Unit tests check planners, which need none.
          setupFiles: ["tests/support/wire-effects.ts"],
          globalSetup: ["tests/support/integration-global-setup.ts"],
          pool: "forks",
          // Two cores: two workers, each file on its own database (PostgreSQL) or PGlite copy.
          maxWorkers: 2,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
