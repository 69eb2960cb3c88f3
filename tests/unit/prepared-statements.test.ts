import type pg from "pg";
import { describe, expect, it } from "vitest";

/** What a pg client's query() received; the wrapper only decides what to hand it. */
function recordingClient() {
  const calls: unknown[][] = [];
  const client = { query: (...args: unknown[]) => calls.push(args) } as unknown as pg.PoolClient;
  return { client, calls };
}

// That the built bundle's registry is the one its pool uses: tests/e2e/one-copy.spec.ts.
describe("prepared statements", () => {
  it("sends a registered text by name and every other text as it was", async () => {
    const { prepareOnEachConnection, runRegisteredTextsByName } = await import("~db/prepared-statements");
    const { client, calls } = recordingClient();
    runRegisteredTextsByName(client);
    prepareOnEachConnection("select 1 where $1::int > 0 -- hot");

    await client.query("select 1 where $1::int > 0 -- hot", [5]);
    await client.query("select 2", []);

    expect(calls[0]![0]).toMatchObject({ text: "select 1 where $1::int > 0 -- hot", values: [5] });
    expect((calls[0]![0] as { name: string }).name).toMatch(/^stoop_prepared_\d+$/);
    expect(calls[1]).toEqual(["select 2", [], undefined]);
  });
});
