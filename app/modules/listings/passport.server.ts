import { sql, type Expression, type Kysely, type Transaction } from "kysely";
import type { Database } from "~db/schema";
import type { PassportEntryKind } from "~db/schema-passport";
import { afterCommit } from "~db/transaction";
import { Conflict, NotFound } from "~/lib/errors";
import { newId } from "~/lib/ids.server";
import { listingsChanged } from "./search-cache.server";
import type { PassportEntryView } from "./passport";

/**
 * The item passport's rows: an item identity that survives relisting (`item_passports`, pointed at
 * by `listings.passport_id`) and its entries. Entries are written only by `recordPassportEntry`,
 * which the wiring runs for the `passport.record` effect that a shop's service-line move to done
 * or an order's completion plans (orders/service-line-machine.ts, orders/order-effects.ts); no
 * member form reaches it. An admin strikes one made in error (admin/passport.server.ts).
 */

type Db = Kysely<Database>;
type Trx = Transaction<Database>;
type Executor = Db | Trx;

export interface NewPassportEntry {
  kind: PassportEntryKind;
  retailerId: string | null;
  title: string;
  orderId: string;
  orderServiceId: string | null;
}

/** The listing's passport, made on first use (under the listing's row lock). */
export async function ensurePassport(trx: Trx, listingId: string): Promise<string> {
  const listing = await trx
    .selectFrom("listings")
    .select(["id", "passportId"])
    .where("id", "=", listingId)
    .forUpdate()
    .executeTakeFirst();
  if (!listing) throw new NotFound("That listing doesn't exist.");
  if (listing.passportId) return listing.passportId;
  const passportId = newId();
  await trx.insertInto("itemPassports").values({ id: passportId }).execute();
  await trx.updateTable("listings").set({ passportId }).where("id", "=", listingId).execute();
  return passportId;
}

/**
 * One entry on the passport of the listing's item. Once per service line and once per order's
 * sale (unique indexes): an effect that runs again records nothing new.
 */
export async function recordPassportEntry(trx: Trx, options: { listingId: string; entry: NewPassportEntry }) {
  const passportId = await ensurePassport(trx, options.listingId);
  await trx
    .insertInto("passportEntries")
    .values({
      id: newId(),
      passportId,
      listingId: options.listingId,
      ...options.entry,
      at: sql<Date>`clock_timestamp()`,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
  // The "inspected" search filter reads entries: cached result pages go once this commits.
  afterCommit(trx, listingsChanged);
}

/** The entries of a passport as the listing page shows them (struck ones left out), oldest first. */
export function passportEntriesQuery(db: Executor, passportId: Expression<string | null> | string) {
  return db
    .selectFrom("passportEntries as pe")
    .leftJoin("retailers as pr", "pr.id", "pe.retailerId")
    .select([
      "pe.id",
      "pe.kind",
      "pe.title",
      "pe.at",
      "pr.name as retailerName",
      "pr.slug as retailerSlug",
      sql<boolean>`coalesce(pr.status = 'verified', false)`.as("retailerVerified"),
    ])
    .where("pe.passportId", "=", passportId)
    .where("pe.removedAt", "is", null)
    .orderBy("pe.at")
    .orderBy("pe.id");
}

export async function passportEntries(db: Executor, passportId: string | null): Promise<PassportEntryView[]> {
  if (!passportId) return [];
  return passportEntriesQuery(db, passportId).execute();
}

/** The admin's view of a passport: every entry (struck ones too) and the listings carrying it. */
export async function passportForAdmin(db: Executor, passportId: string) {
  const passport = await db
    .selectFrom("itemPassports")
    .select(["id", "createdAt"])
    .where("id", "=", passportId)
    .executeTakeFirst();
  if (!passport) throw new NotFound("That passport doesn't exist.");
  const [entries, listings] = await Promise.all([
    db
      .selectFrom("passportEntries as pe")
      .leftJoin("retailers as pr", "pr.id", "pe.retailerId")
      .leftJoin("users as remover", "remover.id", "pe.removedBy")
      .select([
        "pe.id",
        "pe.kind",
        "pe.title",
        "pe.at",
        "pe.orderId",
        "pe.removedAt",
        "pe.removalReason",
        "remover.displayName as removedByName",
        "pr.name as retailerName",
      ])
      .where("pe.passportId", "=", passportId)
      .orderBy("pe.at")
      .orderBy("pe.id")
      .execute(),
    db
      .selectFrom("listings")
      .select(["id", "title", "status", "createdAt"])
      .where("passportId", "=", passportId)
      .orderBy("createdAt")
      .execute(),
  ]);
  return { passport, entries, listings };
}

/** An admin strikes an entry made in error; the caller records the audit entry in the same transaction. */
export async function strikePassportEntry(
  trx: Trx,
  options: { entryId: string; adminId: string; reason: string },
): Promise<{ id: string; passportId: string; kind: PassportEntryKind; title: string }> {
  const struck = await trx
    .updateTable("passportEntries")
    .set({ removedAt: sql<Date>`now()`, removedBy: options.adminId, removalReason: options.reason })
    .where("id", "=", options.entryId)
    .where("removedAt", "is", null)
    .returning(["id", "passportId", "kind", "title"])
    .executeTakeFirst();
  if (struck) {
    afterCommit(trx, listingsChanged);
    return struck;
  }
  const exists = await trx
    .selectFrom("passportEntries")
    .select("id")
    .where("id", "=", options.entryId)
    .executeTakeFirst();
  if (!exists) throw new NotFound("That passport entry doesn't exist.");
  throw new Conflict("That entry was already removed.");
}
