import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { publish, type NotifyBus } from "~db/notify-bus";
import { transaction } from "~db/transaction";
import { useTestDatabase } from "../../support/database";

const database = useTestDatabase();
const buses: NotifyBus[] = [];
afterEach(async () => {
  for (const bus of buses.splice(0)) await bus.close();
});

function openBus(): NotifyBus {
  const bus = database.handle.openNotifyBus();
  buses.push(bus);
  return bus;
}

/** Collects what arrives on a channel; `next()` resolves with the next message. */
async function listen(bus: NotifyBus, channel: string, extra: { lost?: () => void; reset?: () => void } = {}) {
  const received: string[] = [];
  const waiters: (() => void)[] = [];
  await bus.subscribe(channel, {
    message: (payload) => {
      received.push(payload);
      for (const wake of waiters.splice(0)) wake();
    },
    ...extra,
  });
  const until = (count: number) =>
    new Promise<void>((resolve) => {
      const check = () => (received.length >= count ? resolve() : waiters.push(check));
      check();
    });
  return { received, until };
}

describe("the notify bus", () => {
  it("delivers a message published in a transaction once it commits, and nothing for a rollback", async () => {
    const inbox = await listen(openBus(), "test_committed");

    await expect(
      transaction(database.db, async (trx) => {
        await publish(trx, "test_committed", "rolled back");
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    await transaction(database.db, async (trx) => {
      await publish(trx, "test_committed", "first");
      // Held until COMMIT: a query after the NOTIFY inside the transaction sees nothing delivered.
      await sql`select 1`.execute(trx);
      expect(inbox.received).toEqual([]);
    });
    await publish(database.db, "test_committed", "second");
    await inbox.until(2);
    expect(inbox.received).toEqual(["first", "second"]);
  });

  it("gives each subscriber its own channel's messages until it unsubscribes", async () => {
    const bus = openBus();
    const a: string[] = [];
    let gotA!: () => void;
    const arrivedA = new Promise<void>((resolve) => (gotA = resolve));
    const stopA = await bus.subscribe("test_a", {
      message: (payload) => {
        a.push(payload);
        gotA();
      },
    });
    const inboxB = await listen(bus, "test_b");
    await publish(database.db, "test_a", "for a");
    await arrivedA;
    stopA();
    await publish(database.db, "test_a", "after unsubscribe");
    await publish(database.db, "test_b", "for b");
    // One connection delivers in order: once "for b" is here, "after unsubscribe" would have been too.
    await inboxB.until(1);
    expect(a).toEqual(["for a"]);
    expect(inboxB.received).toEqual(["for b"]);
  });

  it("refuses a channel name that is not a plain identifier", async () => {
    await expect(publish(database.db, 'x"; drop table users; --')).rejects.toThrow(/Invalid notify channel/);
    await expect(openBus().subscribe("Upper Case", { message: () => {} })).rejects.toThrow(/Invalid notify channel/);
  });

  it.runIf(process.env.TEST_DATABASE_URL)(
    "tells subscribers when its connection broke and again once it listens anew, then delivers again",
    async () => {
      const events: string[] = [];
      let back!: () => void;
      const reconnected = new Promise<void>((resolve) => (back = resolve));
      const inbox = await listen(openBus(), "test_reconnect", {
        lost: () => events.push("lost"),
        reset: () => {
          events.push("reset");
          back();
        },
      });
      await sql`
        select pg_terminate_backend(pid) from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid() and query ilike 'LISTEN%'
      `.execute(database.db);
      await reconnected;
      expect(events).toEqual(["lost", "reset"]);
      await publish(database.db, "test_reconnect", "after");
      await inbox.until(1);
      expect(inbox.received).toEqual(["after"]);
    },
  );
});
