/* Stoop's service worker (ADR 044). scripts/build-pwa.ts copies it to public/sw.js at build,
 * replacing PRECACHE with the list of files to keep (the hashed /build/ files, the offline page,
 * the icons and the manifest) and VERSION with a hash of that list.
 *
 * The rule: only files that are the same for everyone are cached. Pages (navigations) always go
 * to the network and are never stored, because a signed-in page carries personal data; when the
 * network fails the offline page is shown instead. Loader data (?_data=), forms and everything
 * else are not touched at all.
 */
/* global clients */
const VERSION = "__VERSION__";
const PRECACHE = /* __PRECACHE__ */ [];
const CACHE = `stoop-static-${VERSION}`;
const OFFLINE_URL = "/offline.html";
const precached = new Set(PRECACHE);

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(PRECACHE))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names.filter((name) => name.startsWith("stoop-") && name !== CACHE).map((name) => caches.delete(name)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

/** Fingerprinted by the compiler: a URL under /build/ never changes, so it may be kept for good. */
function isHashedBuildFile(url) {
  return url.origin === self.location.origin && url.pathname.startsWith("/build/") && url.search === "";
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (request.mode === "navigate") {
    // Network only: never from the cache, never into it.
    event.respondWith(fetch(request).catch(() => caches.match(OFFLINE_URL)));
    return;
  }
  if (url.origin !== self.location.origin) return;
  if (precached.has(url.pathname) || isHashedBuildFile(url)) {
    event.respondWith(
      caches.open(CACHE).then(async (cache) => {
        const hit = await cache.match(url.pathname);
        if (hit) return hit;
        const response = await fetch(request);
        if (response.ok && isHashedBuildFile(url)) await cache.put(url.pathname, response.clone());
        return response;
      }),
    );
  }
});

/** The server sends { title, body, url, kind } (app/modules/notifications/push.server.ts). */
self.addEventListener("push", (event) => {
  let message = { title: "Stoop", body: "", url: "/notifications", kind: "stoop" };
  try {
    message = { ...message, ...event.data.json() };
  } catch {
    // A push without a readable payload still shows something: the browser requires it.
  }
  event.waitUntil(
    self.registration.showNotification(message.title, {
      body: message.body,
      icon: "/icons/icon-192.png",
      badge: "/icons/icon-192.png",
      tag: message.kind,
      data: { url: message.url || "/notifications" },
    }),
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = new URL(event.notification.data?.url || "/notifications", self.location.origin);
  if (target.origin !== self.location.origin) return;
  event.waitUntil(
    clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
      const open = windows.find((client) => new URL(client.url).pathname === target.pathname);
      return open ? open.focus() : clients.openWindow(target.href);
    }),
  );
});
