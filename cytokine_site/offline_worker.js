/* Service worker: key pages and the files they need open offline after one visit. The build
   (cytokine_site/offline.py) writes OFFLINE, the addresses to keep and the version of this build,
   in front of this code. Network first: a listed address is fetched as usual and its copy refreshed;
   the copy is used only when the network fails. Other addresses and other hosts are left alone. */
var CACHE = "offline-" + OFFLINE.version;
var LISTED = OFFLINE.urls.map(function (url) { return new URL(url, self.location).href; });

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE)
    .then(function (cache) { return cache.addAll(LISTED); })
    .then(function () { return self.skipWaiting(); }));
});

/* Each build replaces the cache: copies kept by an older version are deleted. */
self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys()
    .then(function (keys) {
      return Promise.all(keys.filter(function (key) { return key.indexOf("offline-") === 0 && key !== CACHE; })
        .map(function (key) { return caches.delete(key); }));
    })
    .then(function () { return self.clients.claim(); }));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  url.search = "";
  url.hash = "";
  if (request.method !== "GET" || LISTED.indexOf(url.href) < 0) { return; }
  event.respondWith(fetch(request).then(function (response) {
    if (response.ok) {
      var copy = response.clone();
      event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.put(url.href, copy); }));
    }
    return response;
  }, function () {
    return caches.open(CACHE)
      .then(function (cache) { return cache.match(url.href); })
      .then(function (found) { return found || Response.error(); });
  }));
});
