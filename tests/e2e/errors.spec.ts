import { expect, test } from "./fixtures";

test("an unknown address shows a friendly 404 page with the site around it", async ({ page }) => {
  const response = await page.goto("/this/does/not/exist");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Back to the front page" })).toBeVisible();
  await expect(page.getByRole("search")).toBeVisible();
});

test("the health check reports the database", async ({ request }) => {
  const response = await request.get("/healthz");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: "ok", database: "ok" });
  expect(response.headers()["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
});
