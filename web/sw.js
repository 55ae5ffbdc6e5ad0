// Service worker: after a first visit the explorer works with the network off (a classroom
// without Wi-Fi). Nothing from any other origin is ever requested or cached.
//
// The app (page, scripts, wasm) is one versioned set: the build writes into VERSION a hash of
// those files, so a rebuilt site is a new worker that caches the new set whole (Cache.addAll is
// all or nothing) before it takes over, and the old set is deleted only then. The app is served
// from that set, so embx.js and embx.wasm always come from the same build; a new build is
// picked up on the reload after it is installed.
//
// Tables and the corpus are data: fetched from the network first, cached as they stream to the
// page when the whole response fits MAX_ENTRY_BYTES, and the cache holds at most
// MAX_TABLE_CACHE_BYTES (the oldest entries go first). A download the page gives up on (a refused
// file, a load replaced by another) stops here too, and nothing of it is stored.
const VERSION = '@EMBX_SITE_VERSION@';
const APP_CACHE = 'embx-app-' + VERSION;
const DATA_CACHE = 'embx-data-v1';
const MAX_ENTRY_BYTES = 512 * 1024 * 1024;
const MAX_TABLE_CACHE_BYTES = 1024 * 1024 * 1024;

const APP = ['./', 'index.html', 'explorer.js', 'style.css', 'embx.js', 'embx.wasm', 'dom_helpers.js',
             'textview_panels.js', 'textview_drawings.js', 'textview.js'];
// The threaded module, for cross-origin isolated pages: all three files or none.
const APP_THREADS = ['embx-mt.js', 'embx-mt.wasm', 'embx-mt.worker.js'];
// The default table, token table and training corpus: the page's own download may finish before
// this worker runs. A site without them installs.
const DATA = ['glove-6b-100d.embx', 'qwen-tokens-sg64.embx', 'brown.txt'];

const appPaths = new Set([...APP, ...APP_THREADS].map((p) => new URL(p, self.location).pathname));

async function installApp() {
  const cache = await caches.open(APP_CACHE);
  await cache.addAll(APP);
  try {
    const threads = await Promise.all(APP_THREADS.map(async (u) => {
      const r = await fetch(u, { cache: 'no-store' });
      if (!r.ok) throw new Error(u + ': HTTP ' + r.status);
      return [u, r];
    }));
    await Promise.all(threads.map(([u, r]) => cache.put(u, r)));
  } catch (e) {
    await Promise.all(APP_THREADS.map((u) => cache.delete(u)));  // none rather than a mix
  }
}

async function installData() {
  const cache = await caches.open(DATA_CACHE);
  for (const u of DATA) {
    if (await cache.match(u)) continue;
    try {
      const r = await fetch(u);
      const n = Number(r.headers.get('Content-Length'));
      if (r.ok && n > 0 && n <= MAX_ENTRY_BYTES) await cache.put(u, r);
      else if (r.body) r.body.cancel();
    } catch (e) { /* not on this site, or offline: the page's own download caches it */ }
  }
  await trimData(cache);
}

self.addEventListener('install', (event) => {
  event.waitUntil(installApp().then(installData).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k !== APP_CACHE && k !== DATA_CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

// Oldest entries first (Cache.keys() is in insertion order) until the data fits the limit.
async function trimData(cache) {
  const keys = await cache.keys();
  const sizes = await Promise.all(keys.map(async (k) => Number((await cache.match(k)).headers.get('Content-Length')) || 0));
  let total = sizes.reduce((a, b) => a + b, 0);
  for (let i = 0; i < keys.length && total > MAX_TABLE_CACHE_BYTES; ++i) {
    await cache.delete(keys[i]);
    total -= sizes[i];
  }
}

// The response for the page, stored in the data cache as it streams past when it is whole. If
// the page cancels its stream, the download is cancelled and the half-written entry dropped.
function streamAndCache(event, req, res) {
  const length = Number(res.headers.get('Content-Length'));
  if (res.status !== 200 || !res.body || !(length > 0 && length <= MAX_ENTRY_BYTES) ||
      (res.headers.get('Content-Encoding') || 'identity') !== 'identity') return res;
  const reader = res.body.getReader();
  let toCache;
  const copy = new ReadableStream({ start(c) { toCache = c; } });
  const forPage = new ReadableStream({
    async pull(c) {
      try {
        const { done, value } = await reader.read();
        if (done) { c.close(); toCache.close(); return; }
        c.enqueue(value);
        toCache.enqueue(value);
      } catch (e) {
        c.error(e);
        toCache.error(e);
      }
    },
    cancel(reason) {
      reader.cancel(reason).catch(() => {});
      toCache.error(new Error('the page stopped this download'));
    },
  });
  event.waitUntil(caches.open(DATA_CACHE)
    .then((cache) => cache.put(req, new Response(copy, { status: 200, headers: res.headers })).then(() => trimData(cache)))
    .catch(() => {}));
  return new Response(forPage, { status: res.status, statusText: res.statusText, headers: res.headers });
}

self.addEventListener('fetch', (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== self.location.origin) return;
  if (req.headers.has('range')) return;  // partial downloads (resume) bypass the cache
  if (appPaths.has(url.pathname)) {
    // The app from its versioned set (consistent files); the network only for what it lacks.
    event.respondWith(caches.open(APP_CACHE)
      .then((c) => c.match(req, { ignoreSearch: true }))
      .then((hit) => hit || fetch(req)));
    return;
  }
  event.respondWith((async () => {
    try {
      return streamAndCache(event, req, await fetch(req));
    } catch (e) {
      const hit = await (await caches.open(DATA_CACHE)).match(req);
      if (hit) return hit;
      throw e;
    }
  })());
});
