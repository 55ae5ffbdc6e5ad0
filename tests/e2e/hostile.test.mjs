// A hostile server against the page in headless Chromium (tests/e2e/hostile_server.mjs): each
// misbehaviour ends in a message that says what happened, a page that still answers, and the
// table loaded before it intact. With resume.test.mjs (broken downloads, with and without Range),
// offline.test.mjs and the explorer test's corrupt/truncated/two-loads cases, this is the
// browser's bad-input suite.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { hostileServer } from './hostile_server.mjs';
import { launch } from './browser.mjs';

const siteDir = process.env.EMBX_SITE_DIR;
const TABLE = 'glove-6b-100d.embx';
const ROWS = 341479;
let server, browser, page;

before(async () => {
  server = await hostileServer(fs.realpathSync(siteDir), TABLE);
  browser = await launch();
  page = await browser.context.newPage();
  await page.addInitScript(() => {
    window.EMBX_NO_SERVICE_WORKER = true;
    window.EMBX_STALL_MS = 1500;
  });
  await page.goto(server.url + 'index.html');
  await page.waitForFunction(() => !!(window.embx && window.embx.ready), null, { timeout: 30000 });
  await page.evaluate(() => window.embx.ready);
});

after(async () => {
  if (browser) await browser.close();
  if (server) server.stop();
});

// embx.load(url): the error message it rejects with ('' if it loaded).
async function loadError(url) {
  return page.evaluate(async (u) => {
    try { await window.embx.load(u); return ''; } catch (e) { return e.message; }
  }, url);
}

// The table from before is still the one searched, and the page still answers.
async function previousTableIntact({ loading = false } = {}) {
  const info = await page.evaluate(() => window.embx.info());
  assert.equal(info.rows, ROWS, JSON.stringify(info));
  assert.equal(info.loading, loading);
  const cat = await page.evaluate(() => window.embx.neighbors('cat', 3));
  assert.equal(cat[0].word, 'dog');
  // Frames keep coming: the canvas is not frozen.
  const frames = await page.evaluate(() => new Promise((resolve) => {
    let n = 0;
    const t0 = performance.now();
    const tick = () => { n += 1; if (performance.now() - t0 < 300) requestAnimationFrame(tick); else resolve(n); };
    requestAnimationFrame(tick);
  }));
  assert.ok(frames >= 3, `${frames} frames in 300 ms`);
}

async function waitUntil(fn, ms, what) {
  const t0 = Date.now();
  while (!fn()) {
    if (Date.now() - t0 > ms) throw new Error('timed out: ' + what);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('a header announcing 2^25 rows with an 8 GB Content-Length: refused from the header, download hung up', async () => {
  const e = await loadError('hostile/huge.safetensors');
  assert.match(e, /too big for the memory available: 33554432 rows x 64 dims/);
  assert.match(e, /at most ~\d+ rows of this width fit/);
  await waitUntil(() => server.state.open === 0, 5000, 'the page to close the connection');
  await previousTableIntact();
});

test('a header announcing 10^12 rows: refused the same way', async () => {
  const e = await loadError('hostile/trillion.safetensors');
  assert.match(e, /trillion\.safetensors: .*1000000000000 rows/);
  await waitUntil(() => server.state.open === 0, 5000, 'the page to close the connection');
  await previousTableIntact();
});

test('an HTML page where the table should be', async () => {
  assert.match(await loadError('hostile/page.embx'), /page\.embx: this is an HTML web page, not a table/);
  await previousTableIntact();
});

test('404 and an empty body', async () => {
  assert.match(await loadError('hostile/missing.embx'), /missing\.embx: HTTP 404/);
  assert.match(await loadError('hostile/empty.embx'), /empty\.embx: file is empty/);
  await previousTableIntact();
});

test('500, then Retry loads the table', async () => {
  assert.match(await loadError('hostile/error-once.embx'), /error-once\.embx: HTTP 500/);
  await previousTableIntact();
  const loaded = await page.evaluate(() => new Promise((resolve) => {
    window.addEventListener('embx:loaded', (e) => resolve(e.detail), { once: true });
    window.embx.retry();
  }));
  assert.match(loaded.name, /error-once\.embx/);
  assert.equal(loaded.rows, ROWS);
});

test('a gzip-compressed response loads whole (its Content-Length is the compressed size)', async () => {
  assert.equal(await loadError('hostile/gzip.embx'), '');
  const info = await page.evaluate(() => window.embx.info());
  assert.equal(info.rows, ROWS);
  assert.equal(info.complete, true);
});

test('a file changed on the server between the break and the resume is not spliced', async () => {
  const e = await loadError('hostile/changed.embx');
  assert.match(e, /download interrupted at byte \d+.*the file changed on the server during the download/);
  const resume = server.state.requests.find((r) => r.path === '/hostile/changed.embx' && r.range);
  assert.ok(resume && resume.ifRange === '"v1"', JSON.stringify(server.state.requests.slice(-3)));
  await previousTableIntact();
});

test('a connection that sends nothing counts as broken after the stall time', async () => {
  const t0 = Date.now();
  const e = await loadError('hostile/silent.embx');
  assert.match(e, /no data for \d+ s.*gave up after 3 attempts to resume/);
  assert.ok(Date.now() - t0 < 30000);
  await waitUntil(() => server.state.open === 0, 5000, 'the page to close the connections');
  await previousTableIntact();
});

test('a Content-Length longer than the body, from a server without Range', async () => {
  const e = await loadError('hostile/long.embx');
  assert.match(e, /download interrupted at byte \d+.*cannot resume it \(no HTTP Range support\)/);
  await previousTableIntact();
});

test('a flipped byte inside a row block', async () => {
  assert.match(await loadError('hostile/flipped.embx'), /flipped\.embx: .*checksum/);
  await previousTableIntact();
});

test('a redirect to another origin that does not allow it', async () => {
  assert.match(await loadError('hostile/redirect.embx'), /redirect\.embx: download failed/);
  await previousTableIntact();
  // The page's policy (connect-src 'self') is what stops the redirected request (Chromium names
  // the URL before the redirect).
  assert.ok(browser.acceptCspViolations((v) => v.directive === 'connect-src' && v.blocked.endsWith('/hostile/redirect.embx')).length >= 1,
            JSON.stringify(browser.cspViolations));
});

test('a slow trickle keeps the page live and is cancelled by the next load', async () => {
  const trickle = page.evaluate(() => window.embx.load('hostile/trickle.embx').then(() => 'loaded', (e) => e.message));
  await waitUntil(() => server.state.open === 1, 5000, 'the trickle to start');
  await new Promise((r) => setTimeout(r, 1500));
  await previousTableIntact({ loading: true });  // the table from before answers while the trickle arrives
  const progress = await page.evaluate(() => window.embx.info());
  assert.ok(progress.bytes > 0 && progress.bytes < progress.totalBytes, JSON.stringify(progress));
  // Another load supersedes the trickle: its connection is closed, its bytes never mix in.
  assert.equal(await loadError(TABLE), '');
  assert.match(await trickle, /replaced by a newer load/);
  await waitUntil(() => server.state.open === 0, 5000, 'the trickle connection to close');
  await previousTableIntact();
});

test('through the service worker: a download the page gives up on is hung up and not cached', async () => {
  const sw = await browser.context.newPage();
  await sw.addInitScript(() => { window.EMBX_STALL_MS = 1500; });
  await sw.goto(server.url + 'index.html');
  await sw.waitForFunction(() => !!(window.embx && window.embx.ready && navigator.serviceWorker.controller), null,
                           { timeout: 60000 });
  await sw.evaluate(() => window.embx.ready);
  const before = server.state.open;
  const trickle = sw.evaluate(() => window.embx.load('hostile/trickle.embx').then(() => 'loaded', (e) => e.message));
  await waitUntil(() => server.state.open === before + 1, 5000, 'the trickle to start');
  await new Promise((r) => setTimeout(r, 1000));
  assert.equal(await sw.evaluate(async (t) => { try { await window.embx.load(t); return ''; } catch (e) { return e.message; } }, TABLE), '');
  assert.match(await trickle, /replaced by a newer load/);
  await waitUntil(() => server.state.open === before, 5000, 'the service worker to hang up the trickle');
  const refused = await sw.evaluate(async () => { try { await window.embx.load('hostile/flipped.embx'); return ''; } catch (e) { return e.message; } });
  assert.match(refused, /checksum/);
  const stored = await sw.evaluate(async () => {
    const c = await caches.open('embx-data-v1');
    return (await c.keys()).map((r) => new URL(r.url).pathname);
  });
  assert.ok(stored.includes('/' + TABLE), JSON.stringify(stored));
  assert.ok(!stored.some((p) => p.startsWith('/hostile/trickle')), JSON.stringify(stored));
  assert.ok(!stored.some((p) => p.startsWith('/hostile/flipped')), JSON.stringify(stored));
  await sw.close();
});

test('words with controls, bidi overrides, zero-width spaces and bad bytes: marked on screen, raw from the API and accepted back', async () => {
  assert.equal(await loadError('hostile/words.txt'), '');
  const hits = await page.evaluate(() => window.embx.neighbors('plain', 5));
  const byDisplay = Object.fromEntries(hits.map((h) => [h.display, h.word]));
  assert.equal(byDisplay['bell\\x07'], 'bell\x07');
  assert.equal(byDisplay['evil\\u202Etxt'], 'evil\u202etxt');
  assert.equal(byDisplay['zero\\u200Bwidth'], 'zero\u200bwidth');
  assert.equal(byDisplay['byte\\xFF'], 'byte\\xFF');  // not UTF-8: the escape stands for the byte
  for (const h of hits) {
    for (const asGiven of [h.word, h.display]) {
      // Found (no error), and it is itself: the one word of the five its neighbours leave out.
      const back = await page.evaluate((w) => window.embx.neighbors(w, 4), asGiven);
      assert.equal(back.length, 4, `looked up ${JSON.stringify(asGiven)}`);
      assert.ok(!back.some((b) => b.display === h.display), `looked up ${JSON.stringify(asGiven)}: ${JSON.stringify(back)}`);
    }
  }
  // The canvas and the text view show the marked form.
  await page.evaluate(() => { window.embx.setTab('search'); window.embx.setQuery('plain'); });
  await page.waitForFunction(() => window.embx.visibleResults().results.length >= 4, null, { timeout: 10000 });
  const shown = await page.evaluate(() => window.embx.visibleResults().results.map((h) => h.word));
  assert.ok(shown.includes('evil\\u202Etxt') && !shown.some((w) => /[\u202e\u200b\x07]/.test(w)), JSON.stringify(shown));
});

// Page security: the Content-Security-Policy lets only the site's own scripts run and tables come
// only from the origins it lists; everything the other browser tests do runs under it (browser.mjs
// fails a test on any violation it did not expect).
async function freshPage(file) {
  const p = await browser.context.newPage();
  await p.addInitScript(() => { window.EMBX_NO_SERVICE_WORKER = true; });
  await p.goto(server.url + file);
  await p.waitForFunction(() => !!(window.embx && window.embx.ready), null, { timeout: 30000 });
  await p.evaluate(() => window.embx.ready);
  return p;
}
const loadIn = (p, url) => p.evaluate(async (u) => { try { await window.embx.load(u); return ''; } catch (e) { return e.message; } }, url);

test('security policy: no injected script runs, and a table from another origin is refused with what to do', async () => {
  const p = await freshPage('index.html');
  const csp = await p.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]').content);
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval';/);
  assert.match(csp, /connect-src 'self';/);
  assert.doesNotMatch(csp, /'unsafe-eval'|'unsafe-inline'/);
  // What a word or a file name could smuggle in, were it ever put in the page as HTML.
  const ran = await p.evaluate(() => new Promise((resolve) => {
    const s = document.createElement('script');
    s.textContent = 'window.__injected = true;';
    document.body.appendChild(s);
    const img = document.createElement('img');
    img.setAttribute('onerror', 'window.__injected = true;');
    img.src = 'data:,not-an-image';
    document.body.appendChild(img);
    setTimeout(() => resolve(window.__injected === true), 300);
  }));
  assert.equal(ran, false);
  assert.ok(browser.acceptCspViolations((v) => v.directive.startsWith('script-src') && new URL(v.page).pathname === '/index.html').length >= 2,
            JSON.stringify(browser.cspViolations));
  // Another origin (localhost is not 127.0.0.1): refused before any request, saying how to get it in.
  const elsewhere = server.otherUrl.replace('127.0.0.1', 'localhost') + 'cors/' + TABLE;
  const asked = server.state.otherRequests.length;
  const e = await loadIn(p, elsewhere);
  assert.equal(server.state.otherRequests.length, asked);  // not even asked
  assert.match(e, /loads tables and models only from http:\/\/127\.0\.0\.1:\d+ \(its security policy\); download the file and drop it on the page, or rebuild the site with http:\/\/localhost:\d+ in EMBX_TABLE_ORIGINS/);
  const model = await p.evaluate(async (u) => { try { await window.embx.loadModelUrl(u); return ''; } catch (e) { return e.message; } },
                                 server.otherUrl.replace('127.0.0.1', 'localhost') + 'model.gguf');
  assert.match(model, /only from .* \(its security policy\)/);
  const info = await p.evaluate(() => window.embx.info());
  assert.equal(info.rows, ROWS);  // the table from before stays
  await p.close();
});

test('security policy: an origin the build lists (EMBX_TABLE_ORIGINS) serves tables', async () => {
  const p = await freshPage('allow-other.html');
  const asked = server.state.otherRequests.length;
  assert.equal(await loadIn(p, server.otherUrl + 'cors/' + TABLE), '');
  assert.deepEqual(server.state.otherRequests.slice(asked), ['/cors/' + TABLE]);  // it came from there
  const info = await p.evaluate(() => window.embx.info());
  assert.equal(info.rows, ROWS);
  assert.equal(info.complete, true);
  assert.match(await loadIn(p, server.otherUrl.replace('127.0.0.1', 'localhost') + 'cors/' + TABLE), /its security policy/);
  await p.close();
});
