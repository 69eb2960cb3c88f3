import type pg from "pg";
import { describe, expect, it, vi } from "vitest";

/** What a pg client's query() received; the wrapper only decides what to hand it. */
function recordingClient() {
  const calls: unknown[][] = [];
  const client = { query: (...args: unknown[]) => calls.push(args) } as unknown as pg.PoolClient;
  return { client, calls };
}

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

  it("shares what was registered between copies of the module (the Remix bundle carries its own)", async () => {
    const host = await import("~db/prepared-statements");
    vi.resetModules();
    const bundle = await import("~db/prepared-statements");
    expect(bundle).not.toBe(host);
    const { client, calls } = recordingClient();
    host.runRegisteredTextsByName(client);

    bundle.prepareOnEachConnection("select 3 -- registered by the other copy");
    await client.query("select 3 -- registered by the other copy", []);

    expect(calls[0]![0]).toMatchObject({ name: expect.stringMatching(/^stoop_prepared_/) });
  });
});
