import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// ADR 020: the payments gateway is the only code that moves money at Stripe or builds a key.
const GATEWAY = "app/modules/payments/gateway.server.ts";
// The stand-in is a fake Stripe server: it implements these endpoints rather than calling them.
const STAND_IN = "app/dev/";

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(file);
    return /\.(ts|tsx)$/.test(entry.name) ? [file] : [];
  });
}

describe("who may move money", () => {
  it("is the payments gateway alone: no other app file calls refunds, transfers or reversals, or builds a key", () => {
    const offenders = sourceFiles("app")
      .map((file) => file.split(path.sep).join("/"))
      .filter((file) => file !== GATEWAY && !file.startsWith(STAND_IN))
      .flatMap((file) =>
        fs
          .readFileSync(file, "utf8")
          .split("\n")
          .flatMap((line, index) =>
            /refunds\.create|transfers\.create|createReversal|idempotencyKey/.test(line)
              ? [`${file}:${index + 1}`]
              : [],
          ),
      );
    expect(offenders).toEqual([]);
  });
});
