import type { Kysely, Transaction } from "kysely";
import type { Database } from "~db/schema";
import type { RetailerRole } from "~db/schema-retailers";
import { transaction } from "~db/transaction";
import { runEffects } from "~/lib/effects.server";
import { Forbidden, InvalidInput, NotFound } from "~/lib/errors";
import { newId } from "~/lib/ids.server";
import { assertEmailVerified } from "~/modules/accounts/email-verification.server";
import { hashSecretToken, newSecretToken } from "~/modules/accounts/tokens.server";
import { recordAudit } from "~/modules/admin/audit-log.server";
import { resolvePlace } from "~/modules/listings/location.server";
import { deleteStoredPhotos, storePhotos, type PreparedPhoto } from "~/modules/listings/photos.server";
import type { PhotoStorage } from "~/modules/listings/storage.server";
import { sendAccountEmail } from "~/modules/notifications/account-email.server";
import { notify } from "~/modules/notifications/notify.server";
import type { RetailerForm } from "./schemas.server";
import { addStaffToShopConversations, removeStaffFromShopConversations } from "./shop-conversations.server";

type Db = Kysely<Database>;
type Executor = Kysely<Database> | Transaction<Database>;

export const INVITE_LIFETIME_SECONDS = 7 * 24 * 3600;

/**
 * A verified member applies to open a retailer page. The logo goes through the listings' photo
 * pipeline (re-encoded, metadata stripped); the address area becomes an approximate point with
 * the same offline gazetteer. The applicant becomes the owner; admins verify it later.
 */
export async function applyForRetailer(
  db: Db,
  storage: PhotoStorage,
  applicantId: string,
  form: RetailerForm,
  logo: PreparedPhoto | null,
) {
  await assertEmailVerified(db, applicantId);
  const place = resolvePlace(form.place);
  if (!place) throw new InvalidInput("We don't know that place.", { place: ["Enter a US ZIP code or a town"] });
  const taken = await db.selectFrom("retailers").select("id").where("slug", "=", form.slug).executeTakeFirst();
  if (taken) throw new InvalidInput("That address is taken.", { slug: ["That address is taken; choose another"] });
  const id = newId();
  const stored = logo ? await storePhotos(storage, id, [logo]) : [];
  try {
    return await transaction(db, async (trx) => {
      const retailer = await trx
        .insertInto("retailers")
        .values({
          id,
          ownerId: applicantId,
          name: form.name,
          slug: form.slug,
          description: form.description,
          logoKey: stored[0]?.storageKey ?? null,
          placeName: place.placeName,
          latitude: place.latitude,
          longitude: place.longitude,
          serviceRadiusKm: form.serviceRadiusKm,
          openingHours: form.openingHours,
          website: form.website,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await trx.insertInto("retailerStaff").values({ retailerId: id, userId: applicantId, role: "owner" }).execute();
      return retailer;
    });
  } catch (error) {
    await deleteStoredPhotos(
      storage,
      stored.map((photo) => photo.storageKey),
    );
    if (error instanceof Error && /retailers_slug/.test(error.message))
      throw new InvalidInput("That address is taken.", { slug: ["That address is taken; choose another"] });
    throw error;
  }
}

/** The member's role at a retailer, or null. */
export async function staffRole(db: Executor, retailerId: string, userId: string): Promise<RetailerRole | null> {
  const row = await db
    .selectFrom("retailerStaff")
    .select("role")
    .where("retailerId", "=", retailerId)
    .where("userId", "=", userId)
    .executeTakeFirst();
  return row?.role ?? null;
}

/**
 * Module-level check behind every staff action: outsiders get NotFound (the shop's back office
 * does not exist for them), staff asking for an owner-only action get Forbidden.
 */
export async function assertRetailerStaff(
  db: Executor,
  retailerId: string,
  userId: string,
  options: { owner?: boolean } = {},
): Promise<RetailerRole> {
  const role = await staffRole(db, retailerId, userId);
  if (!role) throw new NotFound("That shop doesn't exist.");
  if (options.owner && role !== "owner") throw new Forbidden("Only the shop's owner can do that.");
  return role;
}

export async function retailerBySlug(db: Executor, slug: string) {
  const retailer = await db.selectFrom("retailers").selectAll().where("slug", "=", slug).executeTakeFirst();
  if (!retailer) throw new NotFound("That shop doesn't exist.");
  return retailer;
}

/** The public page: a verified shop for everyone; a pending or rejected one only for its staff and admins. */
export async function retailerPage(db: Db, slug: string, viewer: { id: string; role: string } | null) {
  const retailer = await retailerBySlug(db, slug);
  const role = viewer ? await staffRole(db, retailer.id, viewer.id) : null;
  if (retailer.status !== "verified" && !role && viewer?.role !== "admin")
    throw new NotFound("That shop doesn't exist.");
  const services = await db
    .selectFrom("services")
    .select(["id", "title", "description", "priceCents", "performedAt", "leadDays", "kind", "active"])
    .where("retailerId", "=", retailer.id)
    .$if(!role, (query) => query.where("active", "=", true))
    .orderBy("priceCents")
    .orderBy("title")
    .execute();
  const categories = await db
    .selectFrom("serviceCategories")
    .innerJoin("categories", "categories.id", "serviceCategories.categoryId")
    .select(["serviceCategories.serviceId", "categories.name"])
    .where("serviceCategories.serviceId", "in", services.length ? services.map((service) => service.id) : ["-"])
    .execute();
  return {
    retailer,
    role,
    services: services.map((service) => ({
      ...service,
      categories: categories.filter((row) => row.serviceId === service.id).map((row) => row.name),
    })),
  };
}

export async function retailersOf(db: Executor, userId: string) {
  return db
    .selectFrom("retailerStaff")
    .innerJoin("retailers", "retailers.id", "retailerStaff.retailerId")
    .select(["retailers.id", "retailers.name", "retailers.slug", "retailers.status", "retailerStaff.role"])
    .where("retailerStaff.userId", "=", userId)
    .orderBy("retailers.name")
    .execute();
}

// ---------------------------------------------------------------- admin verification

export async function listRetailerApplications(db: Executor, status: "pending" | "verified" | "rejected") {
  return db
    .selectFrom("retailers")
    .innerJoin("users as owner", "owner.id", "retailers.ownerId")
    .select([
      "retailers.id",
      "retailers.name",
      "retailers.slug",
      "retailers.description",
      "retailers.placeName",
      "retailers.website",
      "retailers.status",
      "retailers.createdAt",
      "retailers.ownerId",
      "retailers.rejectionReason",
      "owner.displayName as ownerName",
      "owner.email as ownerEmail",
    ])
    .where("retailers.status", "=", status)
    .orderBy("retailers.createdAt", status === "pending" ? "asc" : "desc")
    .limit(200)
    .execute();
}

/**
 * An admin verifies or rejects an application: one transaction with the audit entry and the
 * owner's notification. Admins cannot decide on a shop they own or work at.
 */
export async function decideRetailer(
  db: Db,
  admin: { id: string; displayName: string; role: string },
  input: { retailerId: string; decision: "verify" | "reject"; reason?: string | null },
) {
  if (admin.role !== "admin") throw new Forbidden("Only administrators can verify shops.");
  return transaction(db, async (trx) => {
    const retailer = await trx
      .selectFrom("retailers")
      .selectAll()
      .where("id", "=", input.retailerId)
      .forUpdate()
      .executeTakeFirst();
    if (!retailer) throw new NotFound("That shop doesn't exist.");
    if (retailer.ownerId === admin.id || (await staffRole(trx, retailer.id, admin.id)))
      throw new Forbidden("You can't decide on your own shop's application; ask another admin.");
    const status = input.decision === "verify" ? "verified" : "rejected";
    const updated = await trx
      .updateTable("retailers")
      .set({
        status,
        decidedBy: admin.id,
        decidedAt: new Date(),
        rejectionReason: status === "rejected" ? (input.reason ?? null) : null,
        updatedAt: new Date(),
      })
      .where("id", "=", retailer.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actor: admin,
      action: status === "verified" ? "retailer.verified" : "retailer.rejected",
      subject: { type: "retailer", id: retailer.id },
      reason: input.reason ?? null,
      details: { from: retailer.status, to: status, slug: retailer.slug },
    });
    await notify(
      trx,
      retailer.ownerId,
      "retailer_application",
      status === "verified"
        ? {
            title: `${retailer.name} is verified`,
            body: "Your shop page is public and carries the verified badge. You can now sell services.",
            url: `/retailers/${retailer.slug}`,
          }
        : {
            title: `${retailer.name} was not verified`,
            body: `An admin declined the application${input.reason ? `: ${input.reason}` : "."}`,
            url: `/retailers/${retailer.slug}`,
          },
      { dedupeKey: `retailer:${retailer.id}:${status}:${Date.now()}` },
    );
    // Only a verified shop's services and answers are in feeds (ADR 049).
    await runEffects(trx, [{ kind: "feed.changed", memberId: null }]);
    return updated;
  });
}

// ---------------------------------------------------------------- staff

export async function listStaff(db: Executor, retailerId: string) {
  return db
    .selectFrom("retailerStaff")
    .innerJoin("users", "users.id", "retailerStaff.userId")
    .select(["users.id", "users.displayName", "users.email", "retailerStaff.role"])
    .where("retailerStaff.retailerId", "=", retailerId)
    .orderBy("retailerStaff.role", "asc")
    .orderBy("users.displayName")
    .execute();
}

/**
 * The owner invites someone by email. The link carries a random token (only its SHA-256 is
 * stored), works for 7 days, once, and only for a signed-in member with that email address.
 */
export async function inviteStaff(db: Db, retailerId: string, ownerId: string, email: string): Promise<string> {
  return transaction(db, async (trx) => {
    await assertRetailerStaff(trx, retailerId, ownerId, { owner: true });
    const retailer = await trx
      .selectFrom("retailers")
      .select(["name"])
      .where("id", "=", retailerId)
      .executeTakeFirstOrThrow();
    const token = newSecretToken();
    await trx
      .insertInto("retailerInvites")
      .values({
        id: newId(),
        retailerId,
        email,
        tokenHash: hashSecretToken(token),
        invitedBy: ownerId,
        expiresAt: new Date(Date.now() + INVITE_LIFETIME_SECONDS * 1000),
      })
      .execute();
    const member = await trx.selectFrom("users").select("id").where("email", "=", email).executeTakeFirst();
    await sendAccountEmail(trx, {
      userId: member?.id ?? null,
      to: email,
      kind: "retailer_invite",
      subject: `Join ${retailer.name} on Stoop`,
      body: `You were invited to help run ${retailer.name} on Stoop. Sign in (or create an account with this address), then accept the invitation. The link works for 7 days.`,
      url: `/retailers/invites/${token}`,
    });
    return token;
  });
}

export async function inviteFor(db: Executor, token: string) {
  const invite = await db
    .selectFrom("retailerInvites")
    .innerJoin("retailers", "retailers.id", "retailerInvites.retailerId")
    .select([
      "retailerInvites.id",
      "retailerInvites.email",
      "retailerInvites.expiresAt",
      "retailerInvites.acceptedAt",
      "retailers.id as retailerId",
      "retailers.name",
      "retailers.slug",
    ])
    .where("retailerInvites.tokenHash", "=", hashSecretToken(token))
    .executeTakeFirst();
  if (!invite || invite.acceptedAt || invite.expiresAt <= new Date())
    throw new NotFound("This invitation has expired or was already used.");
  return invite;
}

/** Accepting spends the token with one conditional update, so it works once. */
export async function acceptInvite(db: Db, token: string, member: { id: string; email: string }) {
  return transaction(db, async (trx) => {
    const invite = await inviteFor(trx, token);
    if (invite.email.toLowerCase() !== member.email.toLowerCase())
      throw new Forbidden(`This invitation is for ${invite.email}. Sign in with that address to accept it.`);
    const spent = await trx
      .updateTable("retailerInvites")
      .set({ acceptedAt: new Date(), acceptedBy: member.id })
      .where("id", "=", invite.id)
      .where("acceptedAt", "is", null)
      .returning("id")
      .executeTakeFirst();
    if (!spent) throw new NotFound("This invitation has expired or was already used.");
    await trx
      .insertInto("retailerStaff")
      .values({ retailerId: invite.retailerId, userId: member.id, role: "staff" })
      .onConflict((conflict) => conflict.columns(["retailerId", "userId"]).doNothing())
      .execute();
    await addStaffToShopConversations(trx, invite.retailerId, member.id);
    // The shop's answers in feeds are its staff's (ADR 049).
    await runEffects(trx, [{ kind: "feed.changed", memberId: null }]);
    return invite;
  });
}

/**
 * The owner removes a staff member: they lose the back office (jobs, services, messages, payouts)
 * at once, leave the shop's conversations, and are told. The owner can't be removed.
 */
export async function removeStaff(db: Db, retailerId: string, ownerId: string, staffUserId: string): Promise<void> {
  await transaction(db, async (trx) => {
    await assertRetailerStaff(trx, retailerId, ownerId, { owner: true });
    const removed = await trx
      .deleteFrom("retailerStaff")
      .where("retailerId", "=", retailerId)
      .where("userId", "=", staffUserId)
      .where("role", "=", "staff")
      .returning("userId")
      .executeTakeFirst();
    if (!removed) {
      const role = await staffRole(trx, retailerId, staffUserId);
      throw role === "owner"
        ? new Forbidden("The shop's owner can't be removed.")
        : new NotFound("That person isn't on the shop's staff.");
    }
    await removeStaffFromShopConversations(trx, retailerId, staffUserId);
    await runEffects(trx, [{ kind: "feed.changed", memberId: null }]);
    const retailer = await trx
      .selectFrom("retailers")
      .select(["name", "slug"])
      .where("id", "=", retailerId)
      .executeTakeFirstOrThrow();
    await notify(trx, staffUserId, "retailer_staff", {
      title: `You are no longer on the staff of ${retailer.name}`,
      body: `The owner of ${retailer.name} removed you from its staff.`,
      url: `/retailers/${retailer.slug}`,
    });
  });
}

/**
 * The owner declares the shop a safe meetup spot for pickups near it (or stops). Only a verified
 * shop counts as one on order pages; a shop with an active handoff service counts anyway.
 */
export async function setRetailerMeetupSpot(db: Db, retailerId: string, ownerId: string, meetupSpot: boolean) {
  return transaction(db, async (trx) => {
    await assertRetailerStaff(trx, retailerId, ownerId, { owner: true });
    const retailer = await trx
      .updateTable("retailers")
      .set({ meetupSpot, updatedAt: new Date() })
      .where("id", "=", retailerId)
      .where("status", "=", "verified")
      .returning(["id", "meetupSpot"])
      .executeTakeFirst();
    if (!retailer) throw new Forbidden("Only a verified shop can be a meetup spot.");
    return retailer;
  });
}

/** The directory of verified shops. */
export async function verifiedRetailers(db: Executor) {
  return db
    .selectFrom("retailers")
    .select(["id", "name", "slug", "placeName", "logoKey", "description"])
    .where("status", "=", "verified")
    .orderBy("name")
    .limit(200)
    .execute();
}
