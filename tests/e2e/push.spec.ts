import type { BrowserContext, Page, Route } from "@playwright/test";
import { createListing, createUser } from "../support/factories";
import { startLocalPushService, type LocalPushService, type LocalSubscription } from "../support/push-service";
import { expect, test } from "./fixtures";

/**
 * Web Push end to end, against a local push service (web-push-testing) on this machine.
 *
 * Real: the settings page's script, its permission request (granted by Playwright), the service
 * worker registration, the POST that stores the subscription, the message sent through the UI,
 * notify(), the push-deliver job, web-push's encryption and VAPID signature, and the HTTP POST to
 * the push service, which checks the signature and decrypts the payload.
 * Not real: headless Chromium's PushManager.subscribe() talks to Google's push service, which this
 * machine can't reach, so the page gets a subscription that the test made at the local push
 * service (the same fields a browser's PushSubscription.toJSON() gives).
 */

// 3534: this spec's port (the integration test uses 3533).
const PUSH_SERVICE_PORT = 3534;
// One worker for the file: both tests use the push service on that port.
test.describe.configure({ mode: "serial" });
let pushService: LocalPushService;

test.beforeAll(async () => {
  pushService = await startLocalPushService(PUSH_SERVICE_PORT);
});
test.afterAll(async () => {
  await pushService?.close();
});

/** Makes the page's PushManager hand out `subscription`, as a browser would after subscribing. */
async function usePushSubscription(context: BrowserContext, subscription: LocalSubscription) {
  await context.addInitScript((subscription) => {
    // A browser keeps its subscription across page loads; so does this one (in sessionStorage).
    const KEPT = "test-push-subscribed";
    const make = () => ({
      endpoint: subscription.endpoint,
      toJSON: () => ({ endpoint: subscription.endpoint, keys: subscription.keys }),
      unsubscribe: async () => {
        sessionStorage.removeItem(KEPT);
        return true;
      },
    });
    PushManager.prototype.subscribe = async function () {
      sessionStorage.setItem(KEPT, "yes");
      return make() as unknown as PushSubscription;
    };
    PushManager.prototype.getSubscription = async function () {
      return (sessionStorage.getItem(KEPT) ? make() : null) as unknown as PushSubscription | null;
    };
  }, subscription);
}

test("a member turns push on for this device, and a message sent to them arrives at the push service", async ({
  page,
  browser,
  context,
  baseURL,
  db,
  member,
  signIn,
}) => {
  await signIn(member);
  await context.grantPermissions(["notifications"], { origin: baseURL });

  // The page's VAPID key, generated at the server's first boot: the local push service checks
  // every push against it, as a real one would.
  await page.goto("/settings/notifications");
  const vapid = await db.selectFrom("appSecrets").select("value").where("name", "=", "vapid").executeTakeFirstOrThrow();
  const device = await pushService.subscribe((JSON.parse(vapid.value) as { publicKey: string }).publicKey);
  await usePushSubscription(context, device);
  await page.reload();

  await page.getByRole("button", { name: "Turn on push on this device" }).click();
  await expect(page.getByRole("status").getByText("Push notifications are on for this device.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Turn off push on this device" })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("heading", { name: "Devices with push on" })).toBeVisible();
  await expect(page.getByRole("checkbox", { name: "New message by push notification" })).toBeChecked();

  // Someone messages the member about their listing, through the UI.
  const listing = await createListing(db, { sellerId: member.id, title: "Brass floor lamp" });
  const buyer = await createUser(db, { displayName: "Bea Buyer" });
  const buyerContext = await browser.newContext();
  await signIn(buyer, buyerContext);
  const buyerPage = await buyerContext.newPage();
  await buyerPage.goto(`/listings/${listing.id}`);
  await buyerPage.getByRole("button", { name: "Message the seller" }).click();
  await buyerPage.getByLabel("Your message").fill("Does the lamp take normal bulbs?");
  await buyerPage.getByRole("button", { name: "Send" }).click();
  await expect(
    buyerPage.getByRole("log", { name: "Messages" }).getByText("Does the lamp take normal bulbs?"),
  ).toBeVisible();
  await buyerContext.close();

  // The job runner picks up the push-deliver job; the push service decrypts what arrived.
  await expect
    .poll(async () => (await pushService.messages(device.clientHash)).map((text) => JSON.parse(text) as unknown), {
      timeout: 20_000,
    })
    .toEqual([
      expect.objectContaining({
        title: "New message from Bea Buyer",
        body: "Does the lamp take normal bulbs?",
        kind: "new_message",
      }),
    ]);

  // Turning push off waits for the server's answer: until then the button says so and push is still on.
  const answer = holdPushDeviceRequests(page);
  await page.getByRole("button", { name: "Turn off push on this device" }).click();
  await expect(page.getByRole("button", { name: "Turning off…" })).toBeDisabled();
  await expect(page.getByRole("button", { name: "Turn on push on this device" })).toHaveCount(0);
  const removal = page.waitForResponse((response) => new URL(response.url()).pathname === "/settings/push-device");
  await answer.release((route) => route.continue());
  expect((await removal).ok()).toBe(true);
  await expect(page.getByRole("status").getByText("Push notifications are off for this device.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Turn on push on this device" })).toBeVisible();
  await page.reload();
  await expect(page.getByText("No device has push on yet.")).toBeVisible();
});

/** Holds the page's next POST to /settings/push-device until the test releases it (to see the pending state). */
function holdPushDeviceRequests(page: Page) {
  let held: Route | null = null;
  void page.route("**/settings/push-device", (route) => {
    held = route;
  });
  return {
    async release(how: (route: Route) => Promise<void>) {
      await expect.poll(() => held !== null).toBe(true);
      await how(held!);
      await page.unroute("**/settings/push-device");
    },
  };
}

test.describe("when the server can't be reached", () => {
  // Chromium reports the failed request on the console; that failure is the point of the test.
  test.use({ allowedConsoleErrors: [/^Failed to load resource: net::ERR_FAILED$/] });

  test("turning push off keeps it on and says it failed; the next try turns it off", async ({
    page,
    context,
    baseURL,
    db,
    member,
    signIn,
  }) => {
    await signIn(member);
    await context.grantPermissions(["notifications"], { origin: baseURL });
    await page.goto("/settings/notifications");
    const vapid = await db
      .selectFrom("appSecrets")
      .select("value")
      .where("name", "=", "vapid")
      .executeTakeFirstOrThrow();
    const device = await pushService.subscribe((JSON.parse(vapid.value) as { publicKey: string }).publicKey);
    await usePushSubscription(context, device);
    await page.reload();
    await page.getByRole("button", { name: "Turn on push on this device" }).click();
    await expect(page.getByRole("status").getByText("Push notifications are on for this device.")).toBeVisible();

    const answer = holdPushDeviceRequests(page);
    await page.getByRole("button", { name: "Turn off push on this device" }).click();
    await expect(page.getByRole("button", { name: "Turning off…" })).toBeDisabled();
    await answer.release((route) => route.abort("failed"));
    await expect(page.getByRole("alert")).toHaveText(
      "Push is still on for this device: Stoop could not be reached. Try again.",
    );
    await expect(page.getByRole("button", { name: "Turn off push on this device" })).toBeEnabled();
    await expect(page.getByRole("status").getByText("Push notifications are off for this device.")).toHaveCount(0);
    const devices = () => db.selectFrom("pushSubscriptions").select("id").where("userId", "=", member.id).execute();
    expect(await devices()).toHaveLength(1);

    await page.getByRole("button", { name: "Turn off push on this device" }).click();
    await expect(page.getByRole("status").getByText("Push notifications are off for this device.")).toBeVisible();
    await expect(page.getByRole("alert")).toHaveCount(0);
    expect(await devices()).toEqual([]);
  });
});
