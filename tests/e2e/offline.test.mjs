// Offline use, in headless Chromium:
//  - the served page makes no request to any other origin;
//  - after a first visit (the service worker caches the app and the default table), the page
//    reloads and answers with the server stopped;
//  - the app is cached as one versioned set: a rebuilt site (new sw.js stamp) replaces it whole;
//  - the single-file page opens from file:// and loads a table given through the file picker.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { serve } from './serve.mjs';
import { launch } from './browser.mjs';

const siteDir = process.env.EMBX_SITE_DIR;
const TABLE = 'glove-6b-100d.embx';
const cleanups = [];
after(async () => { for (const f of cleanups.reverse()) await f(); });

test('works offline after the first visit, and never asks another origin', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'embx-offline-'));
  for (const f of fs.readdirSync(siteDir)) fs.symlinkSync(path.join(siteDir, f), path.join(dir, f));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  const server = await serve(dir);
  cleanups.push(() => server.stop());
  const browser = await launch();
  cleanups.push(() => browser.close());
  const page = await browser.context.newPage();
  const origin = new URL(server.url).origin;
  const foreign = [];
  page.on('request', (r) => { if (!r.url().startsWith(origin) && !r.url().startsWith('data:')) foreign.push(r.url()); });

  const t0 = Date.now();
  await page.goto(server.url + 'index.html');
  await page.waitForFunction(() => window.embx && window.embx.ready, null, { timeout: 30000 });
  await page.evaluate(() => window.embx.ready);
  console.log(`first visit: table loaded ${Date.now() - t0} ms after navigation`);
  // Wait until the service worker holds the app (as the version the build stamped) and the table.
  const version = /const VERSION = '([0-9a-f]{16})'/.exec(fs.readFileSync(path.join(dir, 'sw.js'), 'utf8'))[1];
  const cached = (v) => page.evaluate(async (appCache) => {
    if (!navigator.serviceWorker.controller) return null;
    const names = await caches.keys();
    if (!names.includes(appCache) || !names.includes('embx-data-v1')) return null;
    const app = await caches.open(appCache), data = await caches.open('embx-data-v1');
    const have = {};
    for (const f of ['index.html', 'explorer.js', 'embx.js', 'embx.wasm', 'embx-mt.js', 'embx-mt.wasm', 'embx-mt.worker.js'])
      have[f] = !!(await app.match(f));
    have.table = !!(await data.match('glove-6b-100d.embx'));
    return { names, have };
  }, 'embx-app-' + v);
  const deadline = Date.now() + 60000;
  let c;
  while (!(c = await cached(version)) || !Object.values(c.have).every(Boolean)) {
    assert.ok(Date.now() < deadline, 'the service worker did not cache the app: ' + JSON.stringify(c));
    await new Promise((r) => setTimeout(r, 500));
  }
  assert.deepEqual(c.names.sort(), ['embx-app-' + version, 'embx-data-v1']);
  assert.deepEqual(foreign, [], 'requests to other origins');

  // A rebuilt site: a new stamp and a changed explorer.js. The new worker caches the new set
  // whole and drops the old one; the reload after it serves the new files.
  const rebuilt = 'feedfacefeedface';
  fs.rmSync(path.join(dir, 'sw.js'));
  fs.writeFileSync(path.join(dir, 'sw.js'), fs.readFileSync(path.join(siteDir, 'sw.js'), 'utf8').replace(version, rebuilt));
  fs.rmSync(path.join(dir, 'explorer.js'));
  fs.writeFileSync(path.join(dir, 'explorer.js'), fs.readFileSync(path.join(siteDir, 'explorer.js'), 'utf8') + '\n// rebuilt\n');
  await page.reload();
  while (!(c = await cached(rebuilt)) || c.names.length !== 2) {
    assert.ok(Date.now() < deadline + 30000, 'the rebuilt app was not cached: ' + JSON.stringify(c));
    await new Promise((r) => setTimeout(r, 500));
  }
  assert.deepEqual(c.names.sort(), ['embx-app-' + rebuilt, 'embx-data-v1']);
  await page.reload();
  await page.waitForFunction(() => window.embx && window.embx.ready, null, { timeout: 30000 });
  await page.evaluate(() => window.embx.ready);
  assert.match(await page.evaluate(async () => (await fetch('explorer.js')).text()), /\/\/ rebuilt\n$/);

  server.stop();  // the network is gone
  await new Promise((r) => setTimeout(r, 300));
  await page.reload();
  await page.waitForFunction(() => window.embx && window.embx.ready, null, { timeout: 30000 });
  await page.evaluate(() => window.embx.ready);
  const hits = await page.evaluate(() => window.embx.neighbors('cat', 3));
  assert.equal(hits[0].word, 'dog');
  // Offline too, an isolated page (cached COOP/COEP headers) runs the threaded module.
  const offline = await page.evaluate(() => ({ isolated: self.crossOriginIsolated, threads: window.embx.info().threads }));
  assert.deepEqual(offline, { isolated: true, threads: 2 });
  assert.deepEqual(foreign, [], 'requests to other origins');
});

test('the single-file page opens from file:// and loads a table from the file picker', async () => {
  const browser = await launch();
  cleanups.push(() => browser.close());
  const page = await browser.context.newPage();
  const foreign = [];
  page.on('request', (r) => { if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) foreign.push(r.url()); });
  await page.goto(pathToFileURL(path.join(siteDir, 'embedding-explorer-offline.html')).href);
  await page.waitForFunction(() => window.embx && typeof window.embx.state === 'function', null, { timeout: 30000 });
  await page.waitForFunction(() => { try { return window.embx.state().tab === 'table'; } catch { return false; } },
                             null, { timeout: 30000 });
  await page.setInputFiles('input[type=file]', path.join(siteDir, TABLE));
  await page.evaluate(() => window.embx.ready);
  const hits = await page.evaluate(() => window.embx.query('italy - rome + london', 1));
  assert.equal(hits[0].word, 'britain');
  assert.deepEqual(foreign, []);
});
