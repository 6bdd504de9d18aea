// Caches the page shell only, so the dashboard opens offline; API answers
// and the event stream always go to the network and are never stored.
const SHELL = "m3shd-shell-v1";
const FILES = ["/", "/web/app.css", "/web/app.js", "/web/views.js", "/web/charts.js",
  "/web/icon.svg", "/web/manifest.webmanifest"];

self.addEventListener("install", (e) => {
  e.waitUntil(caches.open(SHELL).then((c) => c.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (e) => {
  e.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k !== SHELL).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

self.addEventListener("fetch", (e) => {
  const url = new URL(e.request.url);
  if (e.request.method !== "GET" || url.origin !== location.origin) return;
  if (!FILES.includes(url.pathname)) return; // API data: network only
  // Network first, the cached shell when offline.
  e.respondWith(fetch(e.request)
    .then((resp) => {
      const copy = resp.clone();
      caches.open(SHELL).then((c) => c.put(e.request, copy));
      return resp;
    })
    .catch(() => caches.match(e.request)));
});
