import { createListing, createUser } from "../support/factories";
import { expect, test } from "./fixtures";

test("a member asks on a listing; another answers recommending another listing, shown as a card; the asker marks it helpful", async ({
  page,
  browser,
  db,
  member,
  signIn,
}) => {
  test.setTimeout(90_000); // a multi-page journey: on a loaded two-core CI machine it outgrows 30 s
  const seller = await createUser(db, { displayName: "Sue Seller" });
  const listing = await createListing(db, { sellerId: seller.id, title: "Kids' bike 16 inch" });
  const better = await createListing(db, { title: "Kids' bike 20 inch" });

  // The asker (member) asks publicly.
  await signIn(member);
  await page.goto(`/listings/${listing.id}`);
  const questions = page.getByRole("region", { name: "Questions and answers" });
  await expect(questions.getByText("No questions yet.")).toBeVisible();
  await questions.getByLabel("Ask the seller and the community").fill("Hi?");
  await questions.getByRole("button", { name: "Ask publicly" }).click();
  await expect(questions.getByText("Your question needs at least 5 characters")).toBeVisible();
  await expect(questions.getByLabel("Ask the seller and the community")).toHaveValue("Hi?");
  await questions.getByLabel("Ask the seller and the community").fill("Would this fit a tall 8-year-old?");
  await questions.getByRole("button", { name: "Ask publicly" }).click();
  const question = questions.getByRole("article", { name: "Question: Would this fit a tall 8-year-old?" });
  await expect(question.getByText("Asked by Pat Playwright")).toBeVisible();

  // Another member answers with a recommendation: first a bad one (the same listing), then the right one.
  const helper = await createUser(db, { displayName: "Hal Helper" });
  const helperContext = await browser.newContext();
  await signIn(helper, helperContext);
  const helperPage = await helperContext.newPage();
  await helperPage.goto(`/listings/${listing.id}`);
  const helperQuestion = helperPage.getByRole("article", { name: "Question: Would this fit a tall 8-year-old?" });
  await helperQuestion.getByText("Answer this question").click();
  await helperQuestion.getByLabel("Your answer").fill("A 20 inch fits better at that age; try this one.");
  await helperQuestion.getByLabel("Recommend another listing (optional)").fill(helperPage.url());
  await helperQuestion.getByRole("button", { name: "Post answer" }).click();
  await expect(helperQuestion.getByText("Recommend a different listing than this one.")).toBeVisible();
  await expect(helperQuestion.getByLabel("Your answer")).toHaveValue(
    "A 20 inch fits better at that age; try this one.",
  );
  await helperQuestion
    .getByLabel("Recommend another listing (optional)")
    .fill(`http://example.test/listings/${better.id}`);
  await helperQuestion.getByRole("button", { name: "Post answer" }).click();
  const helperAnswer = helperQuestion.getByRole("article", { name: "Answer from Hal Helper" });
  await expect(
    helperAnswer.getByRole("group", { name: "Recommended listing" }).getByRole("link", { name: "Kids' bike 20 inch" }),
  ).toBeVisible();
  await helperContext.close();

  // The asker sees the answer with its card, upvotes it and marks it helpful; the helper's profile counts it.
  await page.reload();
  const answer = question.getByRole("article", { name: "Answer from Hal Helper" });
  const card = answer.getByRole("group", { name: "Recommended listing" });
  await expect(card.getByRole("link", { name: "Kids' bike 20 inch" })).toBeVisible();
  await answer.getByRole("button", { name: /Upvote/ }).click();
  await expect(answer.getByRole("button", { name: /Upvote/ })).toHaveAttribute("aria-pressed", "true");
  await expect(answer.getByRole("button", { name: /Upvote/ })).toContainText("(1)");
  await answer.getByRole("button", { name: "Mark as helpful" }).click();
  await expect(answer.getByText("Marked helpful by the asker")).toBeVisible();
  await expect(answer.getByRole("button", { name: "Mark as helpful" })).toHaveCount(0);

  await answer.getByRole("link", { name: "Hal Helper" }).click();
  await expect(page.getByRole("heading", { name: "Hal Helper", level: 1 })).toBeVisible();
  const reputation = page.getByLabel("Reputation");
  await expect(reputation.getByText("Helpful answers")).toBeVisible();
  await expect(reputation.getByRole("definition").nth(2)).toHaveText("1");
});
