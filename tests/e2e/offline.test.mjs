// Offline use, in headless Chromium:
//  - the served page makes no request to any other origin;
//  - after a first visit (the service worker caches the app and the default table), the page
//    reloads and answers with the server stopped;
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
  // Wait until the service worker holds the app and the table.
  await page.waitForFunction(async () => {
    if (!navigator.serviceWorker.controller) return false;
    const c = await caches.open('embx-v1');
    return !!(await c.match('glove-6b-100d.embx')) && !!(await c.match('embx.wasm')) &&
           !!(await c.match('embx-mt.wasm')) && !!(await c.match('embx-mt.worker.js'));
  }, null, { timeout: 60000, polling: 500 });
  assert.deepEqual(foreign, [], 'requests to other origins');

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
