// The Classroom tab in headless Chromium: it opens (from the API and from a link), and shows
// the article's worked TF-IDF example on the default collection, on the canvas's snapshot and
// in the text view: "cat" 5 times in a 100-word document, in 2 of 10 documents. Text files add
// documents (the JavaScript API, the file chooser, a drop on the page); the article's word pairs
// show their cosine in TF-IDF term space next to the GloVe table's.
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

const classroom = () => page.evaluate(() => window.embx.snapshot().classroom);
const waitForDocuments = (n) => page.waitForFunction((k) => window.embx.snapshot().classroom.documents === k, n,
                                                     { timeout: 10000 });

test('embx.addDocuments adds documents, one per text or one per line', async () => {
  await page.evaluate(() => window.embx.setTab('classroom'));
  const before = await classroom();
  const n = await page.evaluate(() => window.embx.addDocuments(
    ['The cat and the dog played in the garden.', { name: 'two lines', text: 'a zebra on the first line\nand a zebra on the second' }],
    { perLine: true }));
  assert.equal(n, before.documents + 3);
  const c = await classroom();
  assert.equal(c.documents, before.documents + 3);
  assert.ok(c.terms > before.terms, `terms ${before.terms} -> ${c.terms}`);
  assert.equal(c.perLine, true);
  assert.match(c.fileMessage, /^Added 2 documents from two lines \(one per line\)\.$/);
  assert.equal(c.fileError, false);
  // "cat" is now in 3 of 13 documents: the worked example's IDF follows.
  assert.equal(c.term, 'cat');
  assert.match(c.formula, /IDF = ln\(13\/3\)/);
  // A refused text throws, names itself, and adds nothing.
  await assert.rejects(page.evaluate(() => window.embx.addDocuments({ name: 'blank', text: ' \n ' })), /blank: no text/);
  assert.equal((await classroom()).documents, c.documents);
});

test('the file chooser adds text files; bad bytes are refused with the file and byte offset', async () => {
  await page.evaluate(() => window.embx.setDocumentsPerLine(false));
  const before = await classroom();
  const input = page.locator('#text-file-picker');
  await input.setInputFiles([
    { name: 'pets.txt', mimeType: 'text/plain', buffer: Buffer.from('My dog likes the cat.\nThe cat ignores the dog.\n') },
    { name: 'fruit.txt', mimeType: 'text/plain', buffer: Buffer.from('An apple, a pear and a plum.') },
  ]);
  await waitForDocuments(before.documents + 2);
  let c = await classroom();
  assert.match(c.fileMessage, /^Added 1 document from fruit\.txt\.$/);
  assert.match(c.summary, new RegExp(`${before.documents + 2} documents`));
  // Latin-1 bytes: not UTF-8.
  const bad = Buffer.concat([Buffer.from('caf'), Buffer.from([0xe9]), Buffer.from(' au lait')]);
  await input.setInputFiles([{ name: 'latin1.txt', mimeType: 'text/plain', buffer: bad }]);
  await page.waitForFunction(() => window.embx.snapshot().classroom.fileError, null, { timeout: 10000 });
  c = await classroom();
  assert.match(c.fileMessage, /^latin1\.txt: not UTF-8 text \(byte 0xE9 at byte offset 3\)/);
  assert.equal(c.documents, before.documents + 2);
  // Too large: refused with the limit, without reading the file whole.
  await input.setInputFiles([{ name: 'huge.txt', mimeType: 'text/plain', buffer: Buffer.alloc(3_000_000, 'a') }]);
  await page.waitForFunction(() => /huge\.txt: larger than/.test(window.embx.snapshot().classroom.fileMessage), null,
                             { timeout: 10000 });
  assert.equal((await classroom()).documents, before.documents + 2);
});

// A real drop event with files, as a browser sends it when files are dragged onto the page.
function drop(name, text) {
  return page.evaluate(([n, t]) => {
    const dt = new DataTransfer();
    dt.items.add(new File([t], n, { type: 'text/plain' }));
    window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, [name, text]);
}

test('a file dropped on the Classroom tab becomes a document', async () => {
  const before = await classroom();
  await drop('dropped.txt', 'Documents can be dropped on the page too.');
  await waitForDocuments(before.documents + 1);
  assert.match((await classroom()).fileMessage, /^Added 1 document from dropped\.txt\.$/);
});

test('word pairs: cosine in TF-IDF term space next to the GloVe table', async () => {
  await page.evaluate(() => window.embx.ready.then(() => true));
  const name = await page.evaluate(() => window.embx.info().name);
  const c = await classroom();
  assert.equal(c.pairTable, name);
  const pair = (a, b) => c.pairs.find((p) => p.a === a && p.b === b);
  assert.deepEqual(c.pairs.slice(0, 3).map((p) => [p.a, p.b]), [['number', 'apple'], ['cat', 'dog'], ['king', 'queen']]);
  // The article's point: no relationship in TF-IDF term space, a clear one in GloVe.
  assert.equal(pair('number', 'apple').tfidf, 0);
  const catDog = pair('cat', 'dog');
  assert.ok(catDog.tfidf > 0, `cat/dog TF-IDF ${catDog.tfidf}`);
  // GloVe's cosine is the one the Search tab reports for "dog" among the neighbours of "cat".
  const dog = (await page.evaluate(() => window.embx.neighbors('cat', 20))).find((h) => h.word === 'dog');
  assert.ok(dog, 'dog is among the neighbours of cat');
  assert.ok(Math.abs(catDog.table - dog.score) < 1e-4, `pair ${catDog.table} vs search ${dog.score}`);
  const king = pair('king', 'queen');
  assert.equal(king.tfidf, null);
  assert.match(king.tfidfWhy, /\u201cking\u201d is in none of the documents/);
  assert.equal(typeof king.table, 'number');
  // The text view shows the same table.
  const panel = page.getByRole('main', { name: 'Embedding Explorer, text view' }).getByRole('tabpanel', { name: 'Classroom' });
  await page.waitForFunction(() => document.getElementById('tv-panel-classroom').textContent.includes('cat / dog'), null,
                             { timeout: 5000 });
  const row = panel.getByRole('row', { name: /^cat \/ dog/ });
  const cells = await row.getByRole('cell').allTextContents();
  assert.deepEqual(cells, [catDog.tfidf.toFixed(3), catDog.table.toFixed(3)]);
});

test('elsewhere a dropped file is still a table to load', async () => {
  await page.evaluate(() => window.embx.setTab('search'));
  await page.waitForFunction(() => window.embx.state().tab === 'search', null, { timeout: 5000 });
  const before = await classroom();
  const table = await page.evaluate(() => window.embx.info().name);
  const error = page.evaluate(() => new Promise((resolve) => window.addEventListener('embx:error', (e) => resolve(e.detail.message), { once: true })));
  await drop('notes.txt', 'just some words, not a table');
  assert.ok((await error).length > 0);
  assert.equal((await classroom()).documents, before.documents);
  assert.equal(await page.evaluate(() => window.embx.info().name), table, 'the table in use stays');
});
