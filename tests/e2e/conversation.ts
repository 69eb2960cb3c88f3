import { expect, type Page } from "@playwright/test";
import type { Kysely } from "kysely";
import type { Database } from "~db/schema";
import { createListing, createUser } from "../support/factories";

/**
 * The opening the messaging journeys share (messages*.spec.ts, live-*.spec.ts, disputes.spec.ts):
 * a buyer starts a conversation with a listing's seller through the listing page's "Message the
 * seller", and the first message shows in the thread. Through the UI, with or without JavaScript.
 */

type Member = Awaited<ReturnType<typeof createUser>>;

/** Types `text` into the conversation's form and sends it (the caller checks where it shows). */
export async function sendMessage(page: Page, text: string) {
  await page.getByLabel("Your message").fill(text);
  await page.getByRole("button", { name: "Send" }).click();
}

/**
 * On a signed-in page: opens the listing, starts the conversation with its seller and sends
 * `message`; returns the thread (the log of messages) once the message shows, and the
 * conversation's path.
 */
export async function messageTheSeller(page: Page, listing: { id: string; title: string }, message: string) {
  await page.goto(`/listings/${listing.id}`);
  await page.getByRole("button", { name: "Message the seller" }).click();
  await expect(page.getByRole("heading", { name: `About ${listing.title}` })).toBeVisible();
  await sendMessage(page, message);
  const thread = page.getByRole("log", { name: "Messages" });
  await expect(thread.getByText(message)).toBeVisible();
  return { thread, conversationPath: new URL(page.url()).pathname };
}

/**
 * A new seller (`sellerName`) with one listing (`listingTitle`); the member signs in on `page`
 * and messages that seller about it. Returns the seller and listing with the thread and path.
 */
export async function buyerMessagesNewSeller(
  fixtures: { page: Page; db: Kysely<Database>; member: Member; signIn: (member: Member) => Promise<void> },
  opening: { sellerName: string; listingTitle: string; message: string },
) {
  const { page, db, member, signIn } = fixtures;
  const seller = await createUser(db, { displayName: opening.sellerName });
  const listing = await createListing(db, { sellerId: seller.id, title: opening.listingTitle });
  await signIn(member);
  return { seller, listing, ...(await messageTheSeller(page, listing, opening.message)) };
}
