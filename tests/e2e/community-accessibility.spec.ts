import {
  createCompletedOrder,
  createConversation,
  createListing,
  createQuestionWithAnswer,
  createReview,
  createUser,
} from "../support/factories";
import { expect, expectNoSeriousViolations, test } from "./fixtures";

test("the community pages have no serious accessibility violations and fit a phone screen", async ({
  page,
  db,
  member,
  signIn,
}) => {
  const seller = await createUser(db, { displayName: "Ada Access" });
  const listing = await createListing(db, { sellerId: seller.id, title: "Accessible lamp", photoKeys: [] });
  const other = await createListing(db, { title: "Brighter lamp", photoKeys: [] });
  await createQuestionWithAnswer(db, {
    listingId: listing.id,
    askerId: member.id,
    question: "How bright is it?",
    answererId: seller.id,
    answer: "Quite bright.",
    recommendedListingId: other.id,
  });
  const conversationId = await createConversation(db, {
    listingId: listing.id,
    buyerId: member.id,
    sellerId: seller.id,
    messages: [{ senderId: seller.id, body: "Hello there" }],
  });
  // A long unbroken word in the title (a model number): it must wrap, not widen the order page at
  // 360 px (a random factory suffix once made this fail by chance).
  const { order } = await createCompletedOrder(db, {
    buyerId: member.id,
    sellerId: seller.id,
    title: "Camera EOS5DMarkIVBodyOnly",
  });
  await createReview(db, {
    orderId: order.id,
    subject: "buyer",
    reviewerId: seller.id,
    revieweeId: member.id,
    rating: 5,
    body: "Great buyer",
  });

  await signIn(member);
  await page.setViewportSize({ width: 360, height: 740 });
  for (const path of [
    `/listings/${listing.id}`,
    "/messages",
    `/messages/${conversationId}`,
    `/orders/${order.id}`,
    `/orders/${order.id}/review`,
    `/members/${seller.id}`,
  ]) {
    await page.goto(path);
    await expect(page.getByRole("main")).toBeVisible();
    await expectNoSeriousViolations(page, path);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${path} scrolls sideways`).toBeLessThanOrEqual(0);
  }

  // With errors shown: a bad recommendation on the answer form.
  await page.goto(`/listings/${listing.id}`);
  const question = page.getByRole("article", { name: "Question: How bright is it?" });
  await question.getByText("Answer this question").click();
  await question.getByLabel("Your answer").fill("Try this one");
  await question.getByLabel("Recommend another listing (optional)").fill("nonsense link!");
  await question.getByRole("button", { name: "Post answer" }).click();
  await expect(question.getByText("Paste a Stoop listing link")).toBeVisible();
  await expect(question.getByLabel("Recommend another listing (optional)")).toHaveAttribute("aria-invalid", "true");
  await expectNoSeriousViolations(page, "listing page with answer errors");
});
