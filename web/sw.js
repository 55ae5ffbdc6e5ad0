// Service worker: after a first visit the explorer works with the network off (a classroom
// without Wi-Fi). Same-origin GETs go to the network first, so a rebuilt site is picked up
// when the server is there, and fall back to the copy cached on the last successful fetch.
// Tables are cached too; nothing from any other origin is ever requested or cached.
const CACHE = 'embx-v4';
const SHELL = ['./', 'index.html', 'explorer.js', 'style.css', 'embx.js', 'embx.wasm', 'dom_helpers.js',
               'textview_panels.js', 'textview_drawings.js', 'textview.js'];
// The default table and training corpus too: the page's own download of it may finish before this worker runs;
// and the threaded module that cross-origin isolated pages use. A site without them installs.
const OPTIONAL = ['glove-6b-100d.embx', 'qwen-tokens-sg64.embx', 'brown.txt', 'embx-mt.js', 'embx-mt.wasm', 'embx-mt.worker.js'];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE)
    .then((c) => c.addAll(SHELL).then(() => Promise.all(OPTIONAL.map((u) => c.add(u).catch(() => {})))))
    .then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET' || new URL(req.url).origin !== self.location.origin) return;
  if (req.headers.has('range')) return;  // partial downloads (resume) bypass the cache
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    try {
      const res = await fetch(req);
      // Cache in the background: the page keeps streaming the response as it arrives.
      if (res.ok && res.status === 200) event.waitUntil(cache.put(req, res.clone()));
      return res;
    } catch (e) {
      const hit = await cache.match(req, { ignoreSearch: false });
      if (hit) return hit;
      throw e;
    }
  })());
});
