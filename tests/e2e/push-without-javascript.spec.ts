import { expect, test } from "./fixtures";

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the settings page says push needs JavaScript, and the push column still saves", async ({
    page,
    member,
    signIn,
  }) => {
    await signIn(member);
    await page.goto("/settings/notifications");
    await expect(page.getByText("Push notifications need JavaScript")).toBeVisible();
    await expect(page.getByRole("button", { name: "Turn on push on this device" })).toHaveCount(0);
    const pushForMessages = page.getByRole("checkbox", { name: "New message by push notification" });
    await pushForMessages.uncheck();
    await page.getByRole("button", { name: "Save notification settings" }).click();
    await expect(page.getByText("Your notification settings were saved.")).toBeVisible();
    await expect(page.getByRole("checkbox", { name: "New message by push notification" })).not.toBeChecked();
  });
});
