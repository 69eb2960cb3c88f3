import { createUser } from "../support/factories";
import { expect, test } from "./fixtures";

test.use({ javaScriptEnabled: false });

test("a member reports another member from their profile without JavaScript, and a second report changes nothing", async ({
  page,
  db,
  member,
  signIn,
}) => {
  const other = await createUser(db, { displayName: "Rude Rita" });
  await signIn(member);
  await page.goto(`/members/${other.id}`);
  await page.getByText("Report this member").click();
  // Without choosing a reason the browser's own validation would stop the form; send an empty one.
  await page.getByLabel("Reason").evaluate((select) => select.removeAttribute("required"));
  await page.getByLabel("Note for the moderators (optional)").fill("Insults in every message.");
  await page.getByRole("button", { name: "Send report" }).click();
  await expect(page.getByRole("heading", { name: "Report a member" })).toBeVisible();
  await expect(page.getByText("Choose a reason from the list")).toBeVisible();
  await expect(page.getByLabel("Note for the moderators (optional)")).toHaveValue("Insults in every message.");

  await page.getByLabel("Reason").selectOption({ label: "Harassment or threats" });
  await page.getByRole("button", { name: "Send report" }).click();
  await expect(page.getByRole("status")).toHaveText("Thank you: the moderators will look at your report.");

  await page.goto(`/report?subjectType=user&subjectId=${other.id}`);
  await page.getByLabel("Reason").selectOption({ label: "Spam" });
  await page.getByRole("button", { name: "Send report" }).click();
  await expect(page.getByRole("status")).toHaveText("You have already reported this; the moderators will look at it.");
  const reports = await db.selectFrom("reports").select(["reason", "note"]).where("subjectId", "=", other.id).execute();
  expect(reports).toEqual([{ reason: "harassment", note: "Insults in every message." }]);
});
