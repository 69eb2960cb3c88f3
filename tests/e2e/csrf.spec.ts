import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "./fixtures";

test("a form on another site cannot act for a signed-in member", async ({ page, member, signIn, baseURL }) => {
  await signIn(member);
  // An attacker's page on another origin that posts "sign out everywhere" to Stoop as soon as it loads.
  const attacker = http.createServer((_request, response) => {
    response.setHeader("Content-Type", "text/html");
    response.end(`<!doctype html><html lang="en"><title>Win a prize</title>
      <form id="f" method="post" action="${baseURL}/settings"><input type="hidden" name="intent" value="logout-everywhere"></form>
      <script>document.getElementById("f").submit()</script></html>`);
  });
  await new Promise<void>((resolve) => attacker.listen(0, "127.0.0.1", resolve));
  const attackerUrl = `http://localhost:${(attacker.address() as AddressInfo).port}/`;
  try {
    const refused = page.waitForResponse(
      (response) => response.url() === `${baseURL}/settings` && response.request().method() === "POST",
    );
    await page.goto(attackerUrl);
    expect((await refused).status()).toBe(403);
    await expect(page.getByText("This form was sent from another site, so Stoop refused it.")).toBeVisible();
  } finally {
    attacker.close();
  }

  // Nothing changed: the member is still signed in.
  await page.goto("/settings");
  await expect(page.getByRole("heading", { name: "Account settings" })).toBeVisible();
});
