import { createConversation, createListing, createRetailer, createUser } from "../support/factories";
import { KNOWN_TOTP_SECRET } from "../support/totp";
import { expect, expectNoSeriousViolations, test } from "./fixtures";

// The dark theme follows the system setting (design.css, docs/design.md): the same pages scanned
// by axe, colour contrast included, with the browser asking for dark. The header, banners and
// footer are part of each scan (wholePage).
test.use({ colorScheme: "dark" });

test("the busy pages pass axe, colour contrast included, in the dark theme", async ({ page, db, member, signIn }) => {
  const seller = await createUser(db, { displayName: "Dana Dark" });
  const listing = await createListing(db, { sellerId: seller.id, title: "Night-blue armchair", priceCents: 9_500 });
  const conversation = await createConversation(db, {
    listingId: listing.id,
    buyerId: member.id,
    sellerId: seller.id,
    messages: [
      { senderId: member.id, body: "Is the armchair still there?" },
      { senderId: seller.id, body: "Yes, come by on Saturday." },
    ],
  });
  const shop = await createRetailer(db, { name: "Moonlight Bikes" });
  await signIn(member);

  await page.goto("/");
  // The page really is dark: the system setting reached the tokens.
  expect(await page.evaluate(() => matchMedia("(prefers-color-scheme: dark)").matches)).toBe(true);
  const paper = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  expect(paper).toBe("rgb(22, 19, 15)");

  for (const [path, ready] of [
    ["/", "main"],
    ["/search?q=armchair", "Night-blue armchair"],
    [`/listings/${listing.id}`, "Night-blue armchair"],
    [`/listings/${listing.id}/buy`, "Buy Night-blue armchair"],
    ["/messages", "Messages"],
    [`/messages/${conversation}`, "Yes, come by on Saturday."],
    ["/settings", "Account settings"],
    [`/retailers/${shop.slug}`, "Moonlight Bikes"],
  ] as const) {
    await page.goto(path);
    if (ready === "main") await expect(page.getByRole("main")).toBeVisible();
    else await expect(page.getByText(ready).first()).toBeVisible();
    await expectNoSeriousViolations(page, `${path} (dark)`, { wholePage: true });
  }
});

test("the admin dashboard passes axe in the dark theme", async ({ page, db, signIn }) => {
  const admin = await createUser(db, { role: "admin", totpSecret: KNOWN_TOTP_SECRET });
  await signIn(admin);
  await page.goto("/admin");
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  await expectNoSeriousViolations(page, "/admin (dark)", { wholePage: true });
});
