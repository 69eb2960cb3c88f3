import sharp from "sharp";
import type { Locator } from "@playwright/test";
import { expect, test } from "./fixtures";

async function photo(color: string) {
  return sharp({ create: { width: 600, height: 400, channels: 3, background: color } })
    .jpeg()
    .toBuffer();
}

/** The storage key behind a rendered photo: /photos/<listing>/<photo>-800.webp → <listing>/<photo>. */
const photoSrc = (key: string) => new RegExp(`/photos/${key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}-\\d+\\.webp`);

async function storageKeyOf(image: Locator): Promise<string> {
  const src = (await image.getAttribute("src")) ?? "";
  const match = /\/photos\/(.+)-\d+\.webp/.exec(src);
  expect(match, `a photo URL, got ${src}`).not.toBeNull();
  return match![1]!;
}

test("a seller orders photos before upload, drags a new cover on the edit page, and search shows it", async ({
  page,
  member,
  signIn,
}) => {
  const word = `quillery${Date.now().toString(36)}`;
  const title = `Walnut ${word} stool`;
  await signIn(member);
  await page.goto("/listings/new");

  await page.getByLabel("Photos").setInputFiles([
    { name: "red.jpg", mimeType: "image/jpeg", buffer: await photo("#b03020") },
    { name: "green.jpg", mimeType: "image/jpeg", buffer: await photo("#20b030") },
    { name: "blue.jpg", mimeType: "image/jpeg", buffer: await photo("#2030b0") },
  ]);
  const chosen = page.getByRole("list", { name: "Chosen photos" });
  await expect(chosen.getByRole("img")).toHaveCount(3);
  // Keyboard: move the blue one (third) to the front before uploading.
  await page.getByRole("button", { name: "Move chosen photo 3 earlier" }).focus();
  await page.keyboard.press("Enter");
  await expect(chosen.getByRole("img").nth(1)).toHaveAccessibleName("Chosen photo 2: blue.jpg");
  await page.getByRole("button", { name: "Move chosen photo 2 earlier" }).press("Enter");
  await expect(chosen.getByRole("img").first()).toHaveAccessibleName("Chosen photo 1: blue.jpg");
  await expect(page.getByRole("status").filter({ hasText: "blue.jpg is now photo 1 of 3, the cover." })).toBeAttached();

  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Description").fill("Three-legged walnut stool.");
  await page.getByLabel("Category").selectOption({ label: "Decor & lighting" });
  await page.getByLabel("Condition").selectOption({ label: "Good" });
  await page.getByLabel("Price (USD)", { exact: true }).fill("20");
  await page.getByLabel("Pickup area").fill("97214");
  await page.getByRole("button", { name: "Publish listing" }).click();
  await expect(page.getByRole("heading", { name: title, level: 1 })).toBeVisible();

  // The uploaded order is the chosen one: the blue photo is the cover (rendered mostly blue).
  const gallery = page.getByRole("img", { name: `${title}, photo 1 of 3` });
  const coverKey = await storageKeyOf(gallery);
  await expect(gallery).toHaveJSProperty("complete", true);
  const coverPixels = await sharp(await gallery.screenshot()).stats();
  expect(coverPixels.channels[2]!.mean).toBeGreaterThan(coverPixels.channels[0]!.mean);

  // On the edit page, drag the last photo onto the first: it becomes the cover, saved at once.
  await page.getByRole("link", { name: "Edit listing" }).click();
  const manager = page.getByRole("list", { name: "Photos in order" });
  const items = manager.getByRole("listitem");
  await expect(items).toHaveCount(3);
  expect(await storageKeyOf(page.getByRole("img", { name: "Photo 1", exact: true }))).toBe(coverKey);
  const lastKey = await storageKeyOf(page.getByRole("img", { name: "Photo 3", exact: true }));
  await items.nth(2).dragTo(items.nth(0));
  await expect(page.getByRole("status").filter({ hasText: "Photo order saved." })).toBeVisible();
  await expect(page.getByRole("img", { name: "Photo 1", exact: true })).toHaveAttribute("src", photoSrc(lastKey));

  // Without drag and drop: the plain buttons move a photo too (after a reload, from the server's order).
  await page.reload();
  await expect(page.getByRole("img", { name: "Photo 1", exact: true })).toHaveAttribute("src", photoSrc(lastKey));
  await page.getByRole("button", { name: "Move photo 2 later" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Photo moved later." })).toBeVisible();
  await expect(page.getByRole("img", { name: "Photo 3", exact: true })).toHaveAttribute("src", photoSrc(coverKey));

  // Search results show the new cover.
  await page.goto(`/search?q=${word}`);
  const card = page.getByRole("list", { name: "Search results" }).getByRole("listitem").filter({ hasText: title });
  await expect(card).toHaveCount(1);
  await expect(card.locator("img")).toHaveAttribute("src", photoSrc(lastKey));
});

test.describe("with JavaScript off", () => {
  test.use({ javaScriptEnabled: false });

  test("a seller picks the cover by number when listing, then moves photos with plain buttons", async ({
    page,
    member,
    signIn,
  }) => {
    const title = `No-script ${Date.now().toString(36)} crate`;
    await signIn(member);
    await page.goto("/listings/new");
    const files = [
      { name: "red.jpg", mimeType: "image/jpeg", buffer: await photo("#b03020") },
      { name: "blue.jpg", mimeType: "image/jpeg", buffer: await photo("#2030b0") },
    ];
    await page.getByLabel("Photos").setInputFiles(files);
    await page.getByLabel("Title").fill(title);
    await page.getByLabel("Category").selectOption({ label: "Decor & lighting" });
    await page.getByLabel("Condition").selectOption({ label: "Good" });
    await page.getByLabel("Price (USD)", { exact: true }).fill("5");
    await page.getByLabel("Pickup area").fill("97214");

    // A cover number beyond the chosen files is refused next to the photos, keeping the typed title.
    await page.getByLabel("Cover photo").fill("3");
    await page.getByRole("button", { name: "Publish listing" }).click();
    await expect(page.getByText("You chose 2 photos; the cover must be one of them.")).toBeVisible();
    await expect(page.getByLabel("Title")).toHaveValue(title);
    await expect(page.getByLabel("Cover photo")).toHaveValue("3");

    await page.getByLabel("Photos").setInputFiles(files);
    await page.getByLabel("Cover photo").fill("2");
    await page.getByRole("button", { name: "Publish listing" }).click();
    await expect(page.getByRole("heading", { name: title, level: 1 })).toBeVisible();
    const cover = page.getByRole("img", { name: `${title}, photo 1 of 2` });
    await expect(cover).toHaveJSProperty("complete", true);
    const pixels = await sharp(await cover.screenshot()).stats();
    expect(pixels.channels[2]!.mean).toBeGreaterThan(pixels.channels[0]!.mean); // blue first
    const blueKey = await storageKeyOf(cover);

    await page.getByRole("link", { name: "Edit listing" }).click();
    await page.getByRole("button", { name: "Move photo 1 later" }).click();
    await expect(page.getByText("Photo moved later.")).toBeVisible();
    await expect(page.getByRole("img", { name: "Photo 2", exact: true })).toHaveAttribute("src", photoSrc(blueKey));
    await page.getByRole("button", { name: "Make photo 2 the cover" }).click();
    await expect(page.getByText("Cover photo changed.")).toBeVisible();
    await expect(page.getByRole("img", { name: "Photo 1", exact: true })).toHaveAttribute("src", photoSrc(blueKey));
  });
});
