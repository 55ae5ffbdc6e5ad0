// Threads in headless Chromium: a cross-origin isolated page (emrun sends COOP/COEP) runs the
// threaded module and splits scans over 2 threads; a page served without those headers runs
// the single-thread module. Both give the same answers, and benchScan's 1- and 2-thread scans
// find the same hits.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { serve } from './serve.mjs';
import { flakyServer } from './flaky_server.mjs';
import { launch } from './browser.mjs';

const siteDir = process.env.EMBX_SITE_DIR;
const cleanups = [];
after(async () => { for (const f of cleanups.reverse()) await f(); });

async function openExplorer(url, prepare) {
  const browser = await launch();
  cleanups.push(() => browser.close());
  const page = await browser.context.newPage();
  await page.addInitScript(() => {
    window.EMBX_NO_SERVICE_WORKER = true;
    window.__fallback = [];
    window.addEventListener('embx:fallback', (e) => window.__fallback.push(e.detail.reason));
  });
  if (prepare) await prepare(page);
  const modules = [];
  page.on('request', (r) => { const m = /(embx[-a-z.]*\.(js|wasm))$/.exec(r.url()); if (m) modules.push(m[1]); });
  await page.goto(url + 'index.html');
  await page.waitForFunction(() => window.embx && window.embx.ready, null, { timeout: 60000 });
  await page.evaluate(() => window.embx.ready);
  return { page, modules };
}

const probe = async (page) => page.evaluate(() => ({
  isolated: self.crossOriginIsolated,
  threads: window.embx.info().threads,
  cat: window.embx.neighbors('cat', 10),
  analogy: window.embx.query('italy - rome + london', 5),
}));

// Each page's answers, compared by the last test (which fails if either page gave none).
const answers = {};

test('an isolated page uses the threaded module, 2 threads, and the same hits with 1 or 2', async () => {
  const server = await serve(siteDir);
  cleanups.push(() => server.stop());
  const { page, modules } = await openExplorer(server.url);
  const r = await probe(page);
  assert.equal(r.isolated, true);
  assert.ok(modules.includes('embx-mt.wasm'), 'loaded ' + modules.join(', '));
  assert.equal(r.threads, 2);
  assert.equal(r.cat[0].word, 'dog');
  assert.equal(r.analogy[0].word, 'britain');
  answers.isolated = r;
  const shape = { queries: 5, rows: 50000, dims: 256 };
  const one = await page.evaluate((s) => window.embx.benchScan({ ...s, threads: 1 }), shape);
  const two = await page.evaluate((s) => window.embx.benchScan({ ...s, threads: 2 }), shape);
  assert.ok(one.ok && two.ok, JSON.stringify([one, two]));
  assert.equal(two.checksum, one.checksum);
  // The Search tab answers through the pool as well.
  await page.evaluate(() => { window.embx.setTab('search'); window.embx.setQuery('king'); });
  await page.waitForFunction(() => window.embx.visibleResults().results.length > 0, null, { timeout: 10000 });
  const shown = await page.evaluate(() => window.embx.visibleResults().results.map((h) => h.word));
  assert.deepEqual(shown.slice(0, 5), (await page.evaluate(() => window.embx.neighbors('king', 5))).map((h) => h.word));
});

test('a page without COOP/COEP falls back to the single-thread module', async () => {
  assert.ok(fs.existsSync(siteDir));
  const server = await flakyServer(fs.realpathSync(siteDir), 1 << 30);  // no COOP/COEP headers
  cleanups.push(() => server.stop());
  const { page, modules } = await openExplorer(server.url);
  const r = await probe(page);
  assert.equal(r.isolated, false);
  assert.ok(!modules.some((m) => m.startsWith('embx-mt')), 'loaded ' + modules.join(', '));
  assert.equal(r.threads, 1);
  const two = await page.evaluate(() => window.embx.benchScan({ threads: 2, queries: 1, rows: 1000, dims: 16 }));
  assert.equal(two.ok, false);
  answers.single = r;
});

test('an isolated page whose threaded module cannot start runs the single-thread one', async () => {
  const server = await serve(siteDir);
  cleanups.push(() => server.stop());
  // The threaded module's wasm is refused (as a browser may refuse its 4 GB shared memory).
  const { page, modules } = await openExplorer(server.url, (p) =>
    p.route(/embx-mt\.wasm$/, (route) => route.fulfill({ status: 404, body: 'no' })));
  const r = await probe(page);
  assert.equal(r.isolated, true);
  assert.ok(modules.includes('embx-mt.js') && modules.includes('embx.wasm'), 'loaded ' + modules.join(', '));
  assert.equal(r.threads, 1);
  assert.equal(r.cat[0].word, 'dog');
  const reasons = await page.evaluate(() => window.__fallback);
  assert.equal(reasons.length, 1, JSON.stringify(reasons));
  const boot = await page.evaluate(() => document.getElementById('boot').classList.contains('hidden'));
  assert.equal(boot, true, 'no error left over the canvas');
});

test('the threaded and the single-thread page give the same answers', () => {
  assert.ok(answers.isolated && answers.single, 'both pages must have answered: ' + Object.keys(answers));
  assert.equal(answers.isolated.cat.length, 10);
  assert.deepEqual(answers.single.cat, answers.isolated.cat);
  assert.deepEqual(answers.single.analogy, answers.isolated.analogy);
});
