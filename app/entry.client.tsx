import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";

startTransition(() => {
  hydrateRoot(
    document,
    <StrictMode>
      <RemixBrowser />
    </StrictMode>,
  );
});

// The installable app (ADR 044): the service worker keeps the app shell and shows the offline page.
// Registered after load so it never competes with the page for the network.
function registerServiceWorker() {
  navigator.serviceWorker.register("/sw.js").catch(() => {
    // No service worker (private mode, an old browser): the site works the same, only not offline.
  });
}
if ("serviceWorker" in navigator) {
  if (document.readyState === "complete") registerServiceWorker();
  else window.addEventListener("load", registerServiceWorker, { once: true });
}
