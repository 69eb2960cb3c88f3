import { useFetcher } from "@remix-run/react";
import { useEffect, useState } from "react";

type DeviceState = "checking" | "unsupported" | "denied" | "off" | "on" | "working";

/** The VAPID public key is URL-safe base64; PushManager wants its raw bytes. */
function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url
    .replace(/-/g, "+")
    .replace(/_/g, "/")
    .padEnd(Math.ceil(base64url.length / 4) * 4, "=");
  const binary = atob(base64);
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

async function registration(): Promise<ServiceWorkerRegistration> {
  // The same registration entry.client.tsx makes; registering again returns it.
  await navigator.serviceWorker.register("/sw.js");
  return navigator.serviceWorker.ready;
}

/**
 * Turns Web Push on or off for the browser in hand (ADR 044). Without JavaScript the server's text
 * stays: push needs the browser's Push API, which only a script can reach.
 */
export function PushOnThisDevice({ vapidPublicKey }: { vapidPublicKey: string }) {
  const fetcher = useFetcher<{ ok: boolean; formError?: string | null }>();
  const [state, setState] = useState<DeviceState>("checking");
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
      setState("unsupported");
      return;
    }
    if (Notification.permission === "denied") {
      setState("denied");
      return;
    }
    let cancelled = false;
    registration()
      .then((worker) => worker.pushManager.getSubscription())
      .then((subscription) => {
        if (!cancelled) setState(subscription ? "on" : "off");
      })
      .catch(() => {
        if (!cancelled) setState("unsupported");
      });
    return () => {
      cancelled = true;
    };
  }, []);

  async function turnOn() {
    setProblem(null);
    setState("working");
    try {
      const permission = await Notification.requestPermission();
      if (permission !== "granted") {
        setState(permission === "denied" ? "denied" : "off");
        return;
      }
      const worker = await registration();
      const subscription = await worker.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: keyBytes(vapidPublicKey),
      });
      const { endpoint, keys } = subscription.toJSON();
      fetcher.submit(
        { intent: "push-on", endpoint: endpoint ?? "", p256dh: keys?.p256dh ?? "", auth: keys?.auth ?? "" },
        { method: "post" },
      );
      setState("on");
    } catch {
      setProblem("This browser could not turn on push notifications. Try again, or use email instead.");
      setState("off");
    }
  }

  async function turnOff() {
    setProblem(null);
    setState("working");
    try {
      const worker = await registration();
      const subscription = await worker.pushManager.getSubscription();
      if (subscription) {
        fetcher.submit({ intent: "push-off", endpoint: subscription.endpoint }, { method: "post" });
        await subscription.unsubscribe();
      }
      setState("off");
    } catch {
      setProblem("This browser could not turn off push notifications. Try again.");
      setState("on");
    }
  }

  const failed = fetcher.data && !fetcher.data.ok ? (fetcher.data.formError ?? "Stoop could not save that.") : null;
  return (
    <div>
      {state === "checking" ? <p>Push notifications need JavaScript and a browser that supports them.</p> : null}
      {state === "unsupported" ? <p>This browser can't receive push notifications from Stoop.</p> : null}
      {state === "denied" ? (
        <p>Notifications are blocked for Stoop in this browser. Allow them in the browser's site settings first.</p>
      ) : null}
      {state === "off" || state === "on" || state === "working" ? (
        <p>
          {state === "on" ? (
            <button type="button" onClick={turnOff}>
              Turn off push on this device
            </button>
          ) : (
            <button type="button" onClick={turnOn} disabled={state === "working"}>
              {state === "working" ? "Working…" : "Turn on push on this device"}
            </button>
          )}
        </p>
      ) : null}
      {state === "on" && fetcher.state === "idle" && fetcher.data?.ok ? (
        <p role="status">Push notifications are on for this device.</p>
      ) : null}
      {problem || failed ? (
        <p role="alert" className="form-error">
          {problem ?? failed}
        </p>
      ) : null}
    </div>
  );
}
