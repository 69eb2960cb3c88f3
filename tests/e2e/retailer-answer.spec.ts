import { createListing, createQuestionWithAnswer, createRetailer, createUser } from "../support/factories";
import { expect, expectNoSeriousViolations, test } from "./fixtures";

test("a shop's staff member answers recommending another listing: the answer carries the shop badge and the card shows on the shop page", async ({
  page,
  db,
  member,
  signIn,
}) => {
  const shop = await createRetailer(db, { name: "Bike Hub" });
  await db.insertInto("retailerStaff").values({ retailerId: shop.id, userId: member.id, role: "staff" }).execute();
  const listing = await createListing(db, { title: "Kids' bike 16 inch" });
  const better = await createListing(db, { title: "Kids' bike 20 inch" });
  const asker = await createUser(db, { displayName: "Ann Asker" });
  // An earlier answer by someone else: no badge.
  await createQuestionWithAnswer(db, {
    listingId: listing.id,
    askerId: asker.id,
    question: "Would this fit a tall 8-year-old?",
    answererId: (await createUser(db, { displayName: "Hal Helper" })).id,
    answer: "Probably not.",
  });

  await signIn(member);
  await page.goto(`/listings/${listing.id}`);
  const question = page.getByRole("article", { name: "Question: Would this fit a tall 8-year-old?" });
  await expect(question.getByRole("article", { name: "Answer from Hal Helper" })).not.toContainText("Bike Hub");
  await question.getByText("Answer this question").click();
  await question.getByLabel("Your answer").fill("A 20 inch fits better at that age; try this one.");
  await question.getByLabel("Recommend another listing (optional)").fill(`http://example.test/listings/${better.id}`);
  await question.getByRole("button", { name: "Post answer" }).click();
  const answer = question.getByRole("article", { name: "Answer from Pat Playwright" });
  await expect(answer).toContainText("· Bike Hub (verified shop)");
  await expect(
    answer.getByRole("group", { name: "Recommended listing" }).getByRole("link", { name: "Kids' bike 20 inch" }),
  ).toBeVisible();

  // The shop's page shows the answer and the recommendation as a card.
  await page.goto(`/retailers/${shop.slug}`);
  const community = page.getByRole("region", { name: "In the community" });
  await expect(community.getByRole("list", { name: "Recent answers" })).toContainText("A 20 inch fits better");
  await expect(community.getByRole("link", { name: "Kids' bike 16 inch" })).toBeVisible();
  await expect(
    community
      .getByRole("list", { name: "Listings Bike Hub recommended" })
      .getByRole("link", { name: "Kids' bike 20 inch" }),
  ).toBeVisible();
  await expectNoSeriousViolations(page);
});
