import sharp from "sharp";
import { expect, test } from "./fixtures";

test.use({ javaScriptEnabled: false });

test("with JavaScript off, a member lists an item with a photo, then marks it sold from My listings", async ({
  page,
  member,
  signIn,
}) => {
  const title = `No-script bike ${Date.now().toString(36)}`;
  await signIn(member);
  await page.goto("/listings/new");
  await page.getByLabel("Photos").setInputFiles({
    name: "bike.jpg",
    mimeType: "image/jpeg",
    buffer: await sharp({ create: { width: 640, height: 480, channels: 3, background: "#2a6" } })
      .jpeg()
      .toBuffer(),
  });
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Category").selectOption({ label: "Bikes" });
  await page.getByLabel("Condition").selectOption({ label: "Fair" });
  await page.getByLabel("Price (USD)", { exact: true }).fill("0");
  await page.getByLabel("Pickup area").fill("Portland, OR");
  await page.getByRole("button", { name: "Publish listing" }).click();
  await expect(page.getByRole("heading", { name: title, level: 1 })).toBeVisible();
  await expect(page.getByRole("article").getByText("Free", { exact: true })).toBeVisible();

  await page.getByRole("link", { name: "My listings" }).first().click();
  await page.getByRole("button", { name: `Mark as sold ${title}` }).click();
  await expect(page.getByRole("status")).toHaveText("The listing is marked as sold.");
  await expect(page.getByRole("listitem").filter({ hasText: title }).getByText("Sold", { exact: true })).toBeVisible();
});
