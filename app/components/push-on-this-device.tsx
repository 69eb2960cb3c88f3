import { useEffect, useState } from "react";

type DeviceState = "checking" | "unsupported" | "denied" | "off" | "on" | "turning-on" | "turning-off";

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

/** What /settings/push-device answered: null when Stoop said yes, else what to tell the member. */
async function tellStoop(fields: Record<string, string>): Promise<string | null> {
  let response: Response;
  try {
    response = await fetch("/settings/push-device", {
      method: "POST",
      body: new URLSearchParams(fields),
      credentials: "same-origin",
    });
  } catch {
    return "Stoop could not be reached.";
  }
  const answer = (await response.json().catch(() => null)) as {
    ok?: boolean;
    formError?: string | null;
    fieldErrors?: Record<string, string[]>;
  } | null;
  if (response.ok && answer?.ok) return null;
  return answer?.formError ?? Object.values(answer?.fieldErrors ?? {}).flat()[0] ?? "Stoop could not save that.";
}

/**
 * Turns Web Push on or off for the browser in hand (ADR 044). What it shows is what the server
 * answered: "Turning off…" until then, and "on" stays if the server refused or could not be
 * reached (the browser keeps its subscription, so the two still agree). Without JavaScript the
 * server's text stays: push needs the browser's Push API, which only a script can reach.
 */
export function PushOnThisDevice({ vapidPublicKey }: { vapidPublicKey: string }) {
  const [state, setState] = useState<DeviceState>("checking");
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

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
    setNotice(null);
    setState("turning-on");
    let subscription: PushSubscription;
    try {
      const permission = await Notification.requestPermission();
      if (permission !== "granted") {
        setState(permission === "denied" ? "denied" : "off");
        return;
      }
      const worker = await registration();
      subscription = await worker.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: keyBytes(vapidPublicKey),
      });
    } catch {
      setProblem("This browser could not turn on push notifications. Try again, or use email instead.");
      setState("off");
      return;
    }
    const { endpoint, keys } = subscription.toJSON();
    const failed = await tellStoop({
      intent: "push-on",
      endpoint: endpoint ?? "",
      p256dh: keys?.p256dh ?? "",
      auth: keys?.auth ?? "",
    });
    if (failed) {
      // Stoop does not know this device: drop the browser's subscription too, so "off" is true.
      await subscription.unsubscribe().catch(() => false);
      setProblem(`Push is still off for this device: ${failed} Try again.`);
      setState("off");
      return;
    }
    setNotice("Push notifications are on for this device.");
    setState("on");
  }

  async function turnOff() {
    setProblem(null);
    setNotice(null);
    setState("turning-off");
    let subscription: PushSubscription | null;
    try {
      subscription = await (await registration()).pushManager.getSubscription();
    } catch {
      setProblem("This browser could not turn off push notifications. Try again.");
      setState("on");
      return;
    }
    if (subscription) {
      // Stoop first: if it refuses or can't be reached, the browser keeps its subscription and push stays on.
      const failed = await tellStoop({ intent: "push-off", endpoint: subscription.endpoint });
      if (failed) {
        setProblem(`Push is still on for this device: ${failed} Try again.`);
        setState("on");
        return;
      }
      // Stoop sends nothing more to it; a browser that fails to unsubscribe only keeps a dead endpoint.
      await subscription.unsubscribe().catch(() => false);
    }
    setNotice("Push notifications are off for this device.");
    setState("off");
  }

  const shown = state === "turning-on" ? "off" : state === "turning-off" ? "on" : state;
  return (
    <div>
      {state === "checking" ? <p>Push notifications need JavaScript and a browser that supports them.</p> : null}
      {state === "unsupported" ? <p>This browser can't receive push notifications from Stoop.</p> : null}
      {state === "denied" ? (
        <p>Notifications are blocked for Stoop in this browser. Allow them in the browser's site settings first.</p>
      ) : null}
      {shown === "off" || shown === "on" ? (
        <p>
          {shown === "on" ? (
            <button type="button" onClick={turnOff} disabled={state === "turning-off"}>
              {state === "turning-off" ? "Turning off…" : "Turn off push on this device"}
            </button>
          ) : (
            <button type="button" onClick={turnOn} disabled={state === "turning-on"}>
              {state === "turning-on" ? "Turning on…" : "Turn on push on this device"}
            </button>
          )}
        </p>
      ) : null}
      <p role="status">{notice}</p>
      {problem ? (
        <p role="alert" className="form-error">
          {problem}
        </p>
      ) : null}
    </div>
  );
}
