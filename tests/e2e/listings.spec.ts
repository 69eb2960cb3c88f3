import sharp from "sharp";
import { createUser } from "../support/factories";
import { expect, test } from "./fixtures";

async function photo(color: string) {
  return sharp({ create: { width: 900, height: 600, channels: 3, background: color } })
    .jpeg()
    .toBuffer();
}

test("a member lists an item with two photos; a neighbour finds it by keyword and distance and saves it", async ({
  page,
  browser,
  db,
  member,
  signIn,
  baseURL,
}) => {
  test.setTimeout(90_000); // a multi-page journey: on a loaded two-core CI machine it outgrows 30 s
  const word = `zephyrine${Date.now().toString(36)}`;
  const title = `Vintage ${word} lamp`;
  await signIn(member);
  await page.goto("/");
  await page.getByRole("link", { name: "Sell", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Sell something" })).toBeVisible();

  // A first try without a place: the error sits next to the field and the typed title survives.
  await page.getByLabel("Title").fill(title);
  await page.getByRole("button", { name: "Publish listing" }).click();
  await expect(page.getByText("Enter a postal code or town")).toBeVisible();
  await expect(page.getByLabel("Title")).toHaveValue(title);

  await page.getByLabel("Photos").setInputFiles([
    { name: "front.jpg", mimeType: "image/jpeg", buffer: await photo("#a4431c") },
    { name: "back.jpg", mimeType: "image/jpeg", buffer: await photo("#1c5ca4") },
  ]);
  await expect(page.getByRole("list", { name: "Chosen photos" }).getByRole("img")).toHaveCount(2);
  await page.getByLabel("Description").fill("Brass desk lamp, works, new cord.");
  await page.getByLabel("Category").selectOption({ label: "Decor & lighting" });
  await page.getByLabel("Condition").selectOption({ label: "Good" });
  await page.getByLabel("Price (USD)", { exact: true }).fill("35");
  await page.getByLabel("Pickup area").fill("97214");
  await page.getByRole("button", { name: "Publish listing" }).click();

  await expect(page.getByRole("heading", { name: title, level: 1 })).toBeVisible();
  await expect(page.getByText("$35.00")).toBeVisible();
  await expect(page.getByRole("link", { name: "Show photo 2" })).toBeVisible();
  const image = page.getByRole("img", { name: `${title}, photo 1 of 2` });
  await expect(image).toHaveAttribute("srcset", /-320\.webp 320w, .*-800\.webp 800w, .*-1600\.webp 1600w/);
  const photoResponse = await page.request.get(new URL((await image.getAttribute("src"))!, baseURL).toString());
  expect(photoResponse.headers()["content-type"]).toBe("image/webp");
  expect(photoResponse.headers()["cache-control"]).toContain("immutable");

  // A neighbour, in another browser, finds it.
  const neighbour = await createUser(db, { displayName: "Nina Neighbour" });
  const neighbourContext = await browser.newContext();
  await signIn(neighbour, neighbourContext);
  const other = await neighbourContext.newPage();
  await other.goto("/");
  await other.getByRole("search").getByLabel("Search listings").fill(word);
  await other.getByRole("search").getByRole("button", { name: "Search" }).click();
  const results = other.getByRole("list", { name: "Search results" });
  await expect(results.getByRole("link", { name: title })).toBeVisible();

  await other.getByLabel("Near (postal code or town)").fill("Seattle, WA");
  await other.getByLabel("Within").selectOption("25");
  await other.getByRole("button", { name: "Search", exact: true }).last().click();
  await expect(other.getByText("No listings match.")).toBeVisible();

  await other.getByLabel("Near (postal code or town)").fill("97214");
  await other.getByLabel("Within").selectOption("10");
  await other.getByRole("button", { name: "Search", exact: true }).last().click();
  await expect(results.getByRole("link", { name: title })).toBeVisible();
  await expect(results.getByText(/less than 1 km away|~\d+ km away/)).toBeVisible();

  await results.getByRole("button", { name: `Save ${title}` }).click();
  await expect(results.getByRole("button", { name: `Remove ${title} from saved items` })).toBeVisible();
  await other.getByRole("link", { name: "Saved", exact: true }).click();
  await expect(other.getByRole("heading", { name: "Saved items" })).toBeVisible();
  await expect(other.getByRole("list", { name: "Saved items" }).getByRole("link", { name: title })).toBeVisible();
  await neighbourContext.close();
});
