// Interrupted downloads in headless Chromium: a broken connection resumes with HTTP Range where
// the server allows it; elsewhere the page says why, keeps the rows that arrived (searchable)
// and the Retry path loads the table again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { flakyServer } from './flaky_server.mjs';
import { launch } from './browser.mjs';

const siteDir = process.env.EMBX_SITE_DIR;
const TABLE = 'glove-6b-100d';
const CUT = 12 << 20;  // 12 MB of the 50 MB table arrive before the connection breaks
let server, browser;

before(async () => {
  assert.ok(fs.existsSync(path.join(siteDir, TABLE + '.embx')));
  server = await flakyServer(fs.realpathSync(siteDir), CUT);
  browser = await launch();
});

after(async () => {
  if (browser) await browser.close();
  if (server) server.stop();
});

async function open(table) {
  const page = await browser.context.newPage();
  await page.addInitScript(() => {
    window.EMBX_NO_SERVICE_WORKER = true;
    window.__events = [];
    for (const t of ['embx:resume', 'embx:error', 'embx:loaded'])
      window.addEventListener(t, (e) => window.__events.push({ type: t, ...e.detail }));
  });
  await page.goto(server.url + 'index.html?table=' + table);
  await page.waitForFunction(() => !!(window.embx && window.embx.ready), null, { timeout: 30000 });
  return page;
}

test('a broken download resumes with a Range request and the table is whole', async () => {
  const page = await open(TABLE + '.cut-ranges.embx');
  await page.evaluate(() => window.embx.ready);
  const info = await page.evaluate(() => window.embx.info());
  assert.equal(info.rows, 341479);
  assert.equal(info.complete, true);
  const events = await page.evaluate(() => window.__events);
  const resume = events.find((e) => e.type === 'embx:resume');
  assert.ok(resume, JSON.stringify(events));
  assert.ok(resume.bytes > 0 && resume.bytes <= CUT, `resumed at ${resume.bytes}`);
  assert.ok(server.requests.some((r) => r.range === `bytes=${resume.bytes}-`), JSON.stringify(server.requests));
  const cat = await page.evaluate(() => window.embx.neighbors('cat', 3));
  assert.equal(cat[0].word, 'dog');
  await page.close();
});

test('without Range support: an error that says so, the rows that arrived stay, Retry loads it all', async () => {
  const page = await open(TABLE + '.cut-noranges.embx');
  // info() throws until the wasm module has started: only that means "not yet".
  await page.waitForFunction(() => {
    try { return /cannot resume/.test(window.embx.info().error); } catch (e) {
      if (/still starting/.test(e.message)) return false;
      throw e;
    }
  }, null, { timeout: 30000 });
  const partial = await page.evaluate(() => window.embx.info());
  assert.match(partial.error, /interrupted at byte \d+/);
  assert.ok(partial.rows > 10000 && partial.rows < 341479, `rows kept: ${partial.rows}`);
  const the = await page.evaluate(() => window.embx.neighbors('the', 3));
  assert.equal(the.length, 3);
  await page.evaluate(() => window.embx.retry());
  await page.evaluate(() => window.embx.ready);
  const whole = await page.evaluate(() => window.embx.info());
  assert.equal(whole.rows, 341479);
  assert.equal(whole.error, '');
  await page.close();
});
