// The Classroom tab in headless Chromium: it opens (from the API and from a link), and shows
// the article's worked TF-IDF example on the default collection, on the canvas's snapshot and
// in the text view: "cat" 5 times in a 100-word document, in 2 of 10 documents.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve } from './serve.mjs';
import { launch } from './browser.mjs';

const siteDir = process.env.EMBX_SITE_DIR;
const EXAMPLE = 'TF = 5/100 = 0.05, IDF = ln(10/2) = 1.61, TF-IDF = 0.05 \u00d7 1.61 \u2248 0.08';
let server, browser, page;

before(async () => {
  assert.ok(siteDir, 'EMBX_SITE_DIR');
  server = await serve(siteDir);
  browser = await launch();
  page = await browser.context.newPage();
  await page.addInitScript(() => { window.EMBX_NO_SERVICE_WORKER = true; });
});

after(async () => {
  if (browser) await browser.close();
  if (server) server.stop();
});

test('a link opens the Classroom tab on the worked example', async () => {
  await page.goto(server.url + 'index.html#tab=classroom');
  await page.waitForFunction(() => { try { return window.embx.state().tab === 'classroom'; } catch { return false; } },
                             null, { timeout: 30000 });
  const c = await page.evaluate(() => window.embx.snapshot().classroom);
  assert.equal(c.documents, 10);
  assert.equal(c.document, 0);
  assert.equal(c.term, 'cat');
  assert.equal(c.formula, EXAMPLE);
  assert.ok(Math.abs(c.value - 0.05 * Math.log(5)) < 1e-12, `value ${c.value}`);
  assert.match(c.variant, /^textbook/);
  // The article's "number" and "apple": no relationship in TF-IDF term space.
  assert.deepEqual(c.pair, ['number', 'apple']);
  assert.equal(c.pairCosine, 0);
});

test('the text view shows the Classroom tab and the example', async () => {
  await page.evaluate(() => window.embx.setTab('search'));
  await page.evaluate(() => window.embx.setTab('classroom'));
  const view = page.getByRole('main', { name: 'Embedding Explorer, text view' });
  const tab = view.getByRole('tablist', { name: 'Views' }).getByRole('tab', { name: 'Classroom' });
  await page.waitForFunction(() => document.getElementById('tv-tab-classroom').getAttribute('aria-selected') === 'true',
                             null, { timeout: 5000 });
  assert.equal(await tab.getAttribute('aria-selected'), 'true');
  const panel = view.getByRole('tabpanel', { name: 'Classroom' });
  // The text view is off screen until focused or pinned: present in the page, not visible.
  await panel.getByText(`Document 1, \u201ccat\u201d: ${EXAMPLE}`).waitFor({ state: 'attached', timeout: 5000 });
  await page.waitForFunction((ex) => document.getElementById('tv-summary').textContent.includes(ex), EXAMPLE,
                             { timeout: 5000 });
  const text = await panel.textContent();
  assert.match(text, /textbook .*: 10 documents, \d+ terms\./);
  assert.match(text, /Cosine of \u201cnumber\u201d and \u201capple\u201d in TF-IDF term space: 0\.000\./);
});
