// A page everyone can use, in headless Chromium:
//  - the text view (an HTML mirror of the canvas UI) is in the accessibility tree: a tablist of
//    the eight tabs, a labelled search box, results tables, a live summary with the CLI's words
//    and scores;
//  - the main tasks run from the keyboard alone (page.keyboard only, no clicks): search and
//    follow a result, arithmetic, walk a graph's nodes, exports; and in the canvas itself;
//  - dark colour scheme (canvas pixels and page CSS), reduced motion (nothing moves while the
//    graph lays out), the UI scale following the device pixel ratio (browser zoom), and Copy
//    putting TSV/JSON on the clipboard.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serve } from './serve.mjs';
import { launch, distinctColours } from './browser.mjs';

const siteDir = process.env.EMBX_SITE_DIR;
const cli = process.env.EMBX_HOST_CLI;
const outDir = process.env.EMBX_TEST_OUTPUT || os.tmpdir();
const TABLE = 'glove-6b-100d.embx';
const tablePath = () => path.join(siteDir, TABLE);
const neighbours = (word, k = 10) => JSON.parse(execFileSync(cli, ['neighbors', tablePath(), word, '-k', String(k), '--json']));

let server, browser, page;
const glErrors = [];

before(async () => {
  assert.ok(siteDir && fs.existsSync(tablePath()), `site with ${TABLE} in ${siteDir}`);
  fs.mkdirSync(outDir, { recursive: true });
  server = await serve(siteDir);
  browser = await launch();
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url.replace(/\/$/, '') });
  page = await browser.context.newPage();
  page.on('console', (m) => { if (/WebGL: INVALID|GL_INVALID/.test(m.text())) glErrors.push(m.text()); });
  await page.addInitScript(() => {
    window.EMBX_NO_SERVICE_WORKER = true;
    window.__copies = [];
    window.addEventListener('embx:copy', (e) => window.__copies.push(e.detail));
  });
  await page.goto(server.url + 'index.html');
  await page.waitForFunction(() => window.embx && window.embx.ready, null, { timeout: 30000 });
  await page.evaluate(() => window.embx.ready);
});

after(async () => {
  if (browser) await browser.close();
  if (server) server.stop();
});

const snapshot = () => page.evaluate(() => window.embx.snapshot());
// The text view re-renders on its own 150 ms poll, after the app's snapshot has changed: wait
// for the focus to land on `text` before asserting it.
const focusOn = (text) => page.waitForFunction((t) => document.activeElement && document.activeElement.textContent.trim() === t,
                                               text, { timeout: 5000 }).catch(() => {});
const active = () => page.evaluate(() => {
  const e = document.activeElement;
  return { id: e.id, tag: e.tagName, role: e.getAttribute('role'), text: e.textContent, label: e.labels && e.labels[0] ? e.labels[0].textContent : '' };
});
// Presses Tab until the focused element satisfies `pred` (keyboard only, like a user would).
async function tabTo(pred, what, max = 60, key = 'Tab') {
  for (let i = 0; i < max; ++i) {
    await page.keyboard.press(key);
    if (pred(await active())) return;
  }
  throw new Error(`Tab never reached ${what}`);
}
// F6 moves between the canvas and the text view (landing on its selected tab).
async function toCanvas() {
  for (let i = 0; i < 3 && (await active()).id !== 'canvas'; ++i) await page.keyboard.press('F6');
  assert.equal((await active()).id, 'canvas');
}
async function toTabs() {
  await toCanvas();
  await page.keyboard.press('F6');
  assert.equal((await active()).role, 'tab');
}
const summaryText = () => page.locator('#tv-summary').textContent();
const fmt = (x, d) => x.toFixed(d);

test('the text view is in the accessibility tree: eight tabs, a labelled search box, a live summary', async () => {
  const view = page.getByRole('main', { name: 'Embedding Explorer, text view' });
  const tablist = view.getByRole('tablist', { name: 'Views' });
  const names = await tablist.getByRole('tab').allTextContents();
  assert.deepEqual(names, ['Search', 'Arithmetic', 'Vector', 'Tokens', 'Context', 'Graph', 'Map', 'Classroom', 'Table']);
  assert.equal(await tablist.getByRole('tab', { selected: true }).textContent(), 'Search');
  assert.equal(await view.getByRole('searchbox', { name: 'Word' }).count(), 1);
  assert.equal(await page.locator('#tv-summary').getAttribute('aria-live'), 'polite');
  // The table has loaded: its progress bar is gone (from the screen and the accessibility tree).
  assert.equal(await view.getByRole('progressbar').count(), 0);
  assert.match(await view.locator('p').first().textContent(), /341,479 words/);
  const tree = await view.ariaSnapshot();
  for (const want of ['tablist "Views"', 'tab "Search" [selected]', 'tabpanel "Search"', 'searchbox "Word"'])
    assert.ok(tree.includes(want), `${want} missing from:\n${tree}`);
  // The canvas stays in the tab order and says how to leave it.
  assert.equal(await page.locator('#canvas').getAttribute('tabindex'), '0');
  assert.match(await page.locator('#canvas-help').textContent(), /F6/);
});

test('keyboard only: F6 into the text view, search king, results and summary match the CLI, Enter follows', async () => {
  const cliKing = neighbours('king');
  assert.equal((await active()).id, 'canvas', 'the page starts with the canvas focused');
  await page.keyboard.press('F6');
  assert.equal((await active()).role, 'tab');
  await tabTo((a) => a.label === 'Word', 'the search box');
  await page.keyboard.type('king', { delay: 20 });
  const table = page.getByRole('table', { name: /Nearest words to king/ });
  await table.getByRole('row').nth(cliKing.length).waitFor({ timeout: 10000 });
  const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
  assert.deepEqual(rows, cliKing.map((h, i) => [String(i + 1), h.word, fmt(h.score, 4)]));
  const expected = `10 nearest words to king: ${cliKing.map((h) => `${h.word} ${fmt(h.score, 3)}`).join(', ')}.`;
  await page.waitForFunction((t) => document.getElementById('tv-summary').textContent === t, expected, { timeout: 5000 });
  console.log(`live summary: ${await summaryText()}`);
  // The canvas shows the same search.
  assert.equal((await page.evaluate(() => window.embx.visibleResults())).query, 'king');

  await page.keyboard.press('ArrowDown');  // into the results
  assert.equal((await active()).text, cliKing[0].word);
  await page.keyboard.press('ArrowDown');
  assert.equal((await active()).text, cliKing[1].word);
  await page.keyboard.press('Enter');      // follow: search that word
  const cliNext = neighbours(cliKing[1].word);
  await page.waitForFunction((w) => document.activeElement.textContent === w, cliNext[0].word, { timeout: 5000 });
  assert.equal((await snapshot()).search.query, cliKing[1].word);
  assert.equal((await page.evaluate(() => window.embx.state())).q, cliKing[1].word);
  await page.screenshot({ path: path.join(outDir, 'a11y-textview-search.png') });

  await page.keyboard.press('Escape');     // back to the box
  assert.equal((await active()).label, 'Word');
  await page.keyboard.press('Escape');     // clears it
  await page.waitForFunction(() => window.embx.snapshot().search.query === '', null, { timeout: 5000 });

  // An unknown word: the error is an alert, and goes when the box is cleared.
  await page.keyboard.type('kingg', { delay: 20 });
  const alert = page.getByRole('alert');
  await page.waitForFunction(() => /unknown word 'kingg'/.test(document.getElementById('tv-alert').textContent), null, { timeout: 5000 });
  assert.match(await alert.textContent(), /did you mean 'king'/);
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => document.getElementById('tv-alert').textContent === '', null, { timeout: 5000 });
});

test('keyboard only: copy the results as TSV and JSON', async () => {
  await page.keyboard.type('cat', { delay: 20 });
  await page.waitForFunction(() => window.embx.snapshot().search.results.length === 10, null, { timeout: 5000 });
  const cliCat = neighbours('cat');
  const tsv = 'rank\tword\tcosine\n' + cliCat.map((h, i) => `${i + 1}\t${h.word}\t${fmt(h.score, 6)}\n`).join('');
  await tabTo((a) => a.text === 'Copy as TSV', 'Copy as TSV');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => window.__copies.length >= 1, null, { timeout: 5000 });
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), tsv);
  await page.keyboard.press('Tab');
  assert.equal((await active()).text, 'Copy as JSON');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => window.__copies.length >= 2, null, { timeout: 5000 });
  const json = JSON.parse(await page.evaluate(() => navigator.clipboard.readText()));
  assert.equal(json.query, 'cat');
  assert.deepEqual(json.results.map((r) => [r.rank, r.word, r.score]), cliCat.map((h, i) => [i + 1, h.word, h.score]));
  assert.match(await page.locator('#tv-status').textContent(), /Copied the results as JSON/);

  // The Vector tab opens on the word being explored.
  await toTabs();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  assert.equal((await active()).text, 'Vector');
  await page.waitForFunction(() => window.embx.snapshot().vector.a.query === 'cat', null, { timeout: 5000 });
  const v = (await snapshot()).vector;
  assert.equal(v.a.values.length, 100);
  await page.waitForFunction(() => /^cat .*100 dimensions/.test(document.getElementById('tv-summary').textContent), null, { timeout: 5000 });
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
});

test('keyboard only: arithmetic italy - rome + london gives britain first', async () => {
  await toTabs();
  assert.equal((await active()).text, 'Search');
  await page.keyboard.press('ArrowRight');  // tabs follow the arrow keys
  assert.equal((await active()).text, 'Arithmetic');
  await page.waitForFunction(() => window.embx.state().tab === 'arithmetic', null, { timeout: 5000 });
  await tabTo((a) => a.label === 'Expression', 'the expression box');
  await page.keyboard.type('italy - rome + london', { delay: 15 });
  const table = page.getByRole('table', { name: /Answers to italy - rome \+ london/ });
  await table.locator('tbody tr').first().waitFor({ timeout: 10000 });
  await page.waitForFunction(() => (window.embx.snapshot().arithmetic.results[0] || {}).word === 'britain', null, { timeout: 5000 });
  assert.equal(await table.locator('tbody tr').first().locator('th').textContent(), 'britain');
  const native = JSON.parse(execFileSync(cli, ['query', tablePath(), 'italy - rome + london', '-k', '10', '--json']));
  const want = `italy - rome + london (3CosAdd): britain ${fmt(native.results[0].score, 3)}, `;
  await page.waitForFunction((w) => document.getElementById('tv-summary').textContent.startsWith(w), want, { timeout: 5000 });
  assert.equal((await page.evaluate(() => window.embx.visibleResults())).results[0].word, 'britain');  // the canvas agrees
});

test('keyboard only: build the graph, walk from a sentence word through its neighbours, export', async () => {
  await toTabs();
  assert.equal((await active()).text, 'Arithmetic');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  assert.equal((await active()).text, 'Tokens');
  await page.keyboard.press('ArrowRight');
  assert.equal((await active()).text, 'Context');
  await page.keyboard.press('ArrowRight');
  assert.equal((await active()).text, 'Graph');
  await page.waitForFunction(() => window.embx.snapshot().graph.built, null, { timeout: 30000 });
  const g = (await snapshot()).graph;
  assert.ok(g.inputNodes.length >= 10, JSON.stringify(g.inputNodes));
  await tabTo((a) => a.text === g.inputNodes[0].word && a.tag === 'BUTTON', 'the first word of the sentence');
  await page.keyboard.press('ArrowRight');  // the sentence's words are a list: arrows move
  assert.equal((await active()).text, g.inputNodes[1].word);
  await page.keyboard.press('Enter');        // select it: the focus lands on its neighbours
  await page.waitForFunction((w) => window.embx.snapshot().graph.selectedWord === w, g.inputNodes[1].word, { timeout: 5000 });
  let s = (await snapshot()).graph;
  await focusOn(s.neighbours[0].word);
  assert.equal((await active()).text, s.neighbours[0].word);
  assert.match(await page.getByRole('table', { name: /Neighbours of/ }).locator('caption').textContent(), new RegExp(g.inputNodes[1].word));
  await page.keyboard.press('ArrowDown');
  const next = s.neighbours[1];
  await focusOn(next.word);
  assert.equal((await active()).text, next.word);
  await page.keyboard.press('Enter');        // walk on: the neighbour becomes the selection
  await page.waitForFunction((w) => window.embx.snapshot().graph.selectedWord === w, next.word, { timeout: 5000 });
  s = (await snapshot()).graph;
  assert.equal(s.selected, next.node);
  assert.ok(s.neighbours.some((n) => n.word === g.inputNodes[1].word), 'the way back is among its neighbours');
  const cosine = s.neighbours.find((n) => n.word === g.inputNodes[1].word).cosine;
  assert.ok(Math.abs(cosine - next.cosine) < 1e-6, 'an edge has one cosine whichever end is selected');
  await page.waitForTimeout(500);
  assert.match(await summaryText(), new RegExp(`Selected: ${next.word}`));
  await page.screenshot({ path: path.join(outDir, 'a11y-graph-selected.png') });

  // The export buttons come before the lists: back to the first, then on through the others.
  await tabTo((a) => a.text === 'Export PNG', 'Export PNG', 80, 'Shift+Tab');
  for (const [button, ext] of [['Export PNG', '.png'], ['Export JSON', '.json'], ['Export GraphML', '.graphml']]) {
    if ((await active()).text !== button) await tabTo((a) => a.text === button, button, 3);
    const download = page.waitForEvent('download', { timeout: 10000 });
    await page.keyboard.press('Enter');
    const d = await download;
    assert.ok(d.suggestedFilename().endsWith(ext), d.suggestedFilename());
    const bytes = fs.readFileSync(await d.path());
    if (ext === '.json') assert.equal(JSON.parse(bytes).nodes.length, s.nodes);
    if (ext === '.graphml') assert.match(bytes.toString(), /<graphml/);
    if (ext === '.png') assert.deepEqual([...bytes.subarray(1, 4)], [0x50, 0x4e, 0x47]);
  }
});

test('keyboard in the canvas: type, Down into the results, Enter follows, Escape clears; walk the graph', async () => {
  await page.evaluate(() => window.embx.setTab('search'));
  await toCanvas();
  // The tab's box takes the keyboard on a coming frame (later on a loaded machine).
  await page.waitForFunction(() => window.embx.info().textInput, null, { timeout: 5000 });
  await page.keyboard.press('Control+a');
  await page.keyboard.type('france', { delay: 30 });
  await page.waitForFunction(() => window.embx.visibleResults().query === 'france' && window.embx.visibleResults().results.length > 0,
                             null, { timeout: 5000 });
  const cliFrance = neighbours('france');
  await page.keyboard.press('ArrowDown');
  await page.waitForTimeout(100);
  await page.keyboard.press('Enter');  // the first result
  await page.waitForFunction((w) => window.embx.visibleResults().query === w, cliFrance[0].word, { timeout: 5000 });
  await page.waitForTimeout(100);
  await page.screenshot({ path: path.join(outDir, 'a11y-canvas-keyboard-1.png') });
  await page.keyboard.press('Enter');  // the keyboard stayed in the results: follow again
  const cliNext = neighbours(cliFrance[0].word);
  await page.waitForFunction((w) => window.embx.visibleResults().query === w, cliNext[0].word, { timeout: 5000 });
  await page.screenshot({ path: path.join(outDir, 'a11y-canvas-keyboard.png') });
  await page.keyboard.press('Escape');  // back to the box
  await page.waitForTimeout(100);
  await page.keyboard.press('Escape');  // clears it
  await page.waitForFunction(() => window.embx.visibleResults().query === '', null, { timeout: 5000 });

  // The graph: Down from the sentence box hands the canvas the arrow keys.
  await page.evaluate(() => window.embx.setTab('graph'));
  await page.waitForTimeout(150);
  const before = (await snapshot()).graph;
  assert.ok(before.built);
  const start = before.selected >= 0 ? before.selected : 0;  // the selection, else the first word
  await page.keyboard.press('ArrowDown');
  await page.waitForFunction((n) => window.embx.snapshot().graph.selected === n, start, { timeout: 5000 });
  const seen = new Set([start]);
  for (const key of ['ArrowDown', 'ArrowRight', 'ArrowLeft', 'ArrowUp']) {
    await page.keyboard.press(key);
    await page.waitForTimeout(80);
    seen.add((await snapshot()).graph.selected);
  }
  assert.ok(seen.size >= 3, `the arrows moved the selection over ${[...seen]}`);
  const chosen = (await snapshot()).graph;
  await page.keyboard.press('Enter');  // add its neighbours
  await page.waitForFunction((n) => window.embx.snapshot().graph.nodes > n, chosen.nodes, { timeout: 5000 });
  assert.equal((await snapshot()).graph.selectedExpanded, true);
  await page.screenshot({ path: path.join(outDir, 'a11y-canvas-graph-keyboard.png') });
  await page.keyboard.press('Escape');  // back to the sentence box
  await page.waitForFunction(() => window.embx.info().textInput, null, { timeout: 5000 });
  await page.keyboard.type('cat dog', { delay: 30 });
  await page.waitForFunction(() => window.embx.snapshot().graph.text === 'cat dog', null, { timeout: 5000 });
});

// The colour of the canvas's top-left corner (the window background), read from a screenshot.
async function cornerColour() {
  const png = await page.screenshot({ clip: { x: 8, y: 8, width: 1, height: 1 } });  // inside the focus ring
  return page.evaluate(async (b64) => {
    const bmp = await createImageBitmap(new Blob([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))]));
    const c = new OffscreenCanvas(1, 1).getContext('2d');
    c.drawImage(bmp, 0, 0);
    return [...c.getImageData(0, 0, 1, 1).data.slice(0, 3)];
  }, png.toString('base64'));
}
const lum = ([r, g, b]) => 0.2126 * r + 0.7152 * g + 0.0722 * b;

test('dark colour scheme: the canvas and the page follow prefers-color-scheme, live', async () => {
  const lightCanvas = await cornerColour();
  const lightBody = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.ok(lum(lightCanvas) > 200, `light canvas ${lightCanvas}`);
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.waitForFunction(() => window.embx.info().dark, null, { timeout: 5000 });
  await page.waitForTimeout(200);
  const darkCanvas = await cornerColour();
  const darkBody = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.ok(lum(darkCanvas) < 60, `dark canvas ${darkCanvas}`);
  assert.notEqual(darkBody, lightBody);
  assert.equal((await snapshot()).dark, true);
  await page.evaluate(() => window.embx.setTab('graph'));
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(outDir, 'a11y-dark-graph.png') });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.waitForFunction(() => !window.embx.info().dark, null, { timeout: 5000 });
  await page.waitForTimeout(200);
  assert.ok(lum(await cornerColour()) > 200);
});

// Screenshots of the graph's drawing area, `ms` apart, while its layout is still running.
async function drawingsWhileSettling(sentence, ms) {
  const built = await page.evaluate(([t]) => window.embx.graph(t, 100), [sentence]);
  assert.ok(built.ok, built.error);
  const clip = { x: 60, y: 300, width: 1080, height: 460 };
  const a = await page.screenshot({ clip });
  await page.waitForTimeout(ms);
  const b = await page.screenshot({ clip });
  const settled = (await page.evaluate(() => window.embx.graphState())).settled;
  return { same: a.equals(b), settled };
}

test('reduced motion: nothing moves while the graph lays out; full motion animates it', async () => {
  // Some 3,000 nodes: the layout takes seconds to settle, long enough to watch.
  const sentence = 'king queen prince princess man woman boy girl father mother son daughter uncle aunt ' +
                   'cat dog horse river mountain city music science war money computer ocean food car church';
  await page.emulateMedia({ reducedMotion: 'no-preference' });
  const full = await drawingsWhileSettling(sentence, 300);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.waitForFunction(() => window.embx.info().reducedMotion, null, { timeout: 5000 });
  const reduced = await drawingsWhileSettling(sentence + ' husband', 300);
  console.log(`graph drawing changed while settling: full motion ${!full.same} (settled: ${full.settled}), ` +
              `reduced ${!reduced.same} (settled: ${reduced.settled})`);
  assert.equal(full.settled, false, 'the layout settled too fast to tell');
  assert.equal(full.same, false, 'with full motion the layout is animated');
  assert.equal(reduced.settled, false, 'the layout settled too fast to tell');
  assert.equal(reduced.same, true, 'with reduced motion nothing moves on its own');
  await page.waitForFunction(() => window.embx.graphState().settled, null, { timeout: 60000 });
  await page.waitForTimeout(200);
  await page.screenshot({ path: path.join(outDir, 'a11y-reduced-motion-graph.png') });
  const r = await page.evaluate(() => window.embx.project({ method: 'tsne', dims: 2, limit: 8000 }));
  assert.ok(r.ok, r.error);
  const clip = { x: 60, y: 300, width: 1080, height: 460 };
  await page.waitForTimeout(300);
  const a = await page.screenshot({ clip });
  await page.waitForTimeout(600);
  const b = await page.screenshot({ clip });
  const state = await page.evaluate(() => window.embx.mapState());
  assert.ok(state.running && state.iteration > 0, JSON.stringify(state));
  assert.ok(a.equals(b), 't-SNE is not drawn while it runs');
  await page.waitForFunction(() => window.embx.mapState().finished, null, { timeout: 120000, polling: 250 });
  await page.waitForTimeout(300);
  const png = await page.screenshot({ clip, path: path.join(outDir, 'a11y-reduced-motion-tsne.png') });
  assert.ok(!png.equals(b), 'the finished t-SNE map is drawn');
  await page.emulateMedia({ reducedMotion: 'no-preference' });
});

test('the UI scale follows the device pixel ratio (what browser zoom changes)', async () => {
  const cdp = await browser.context.newCDPSession(page);
  const scaleOf = () => page.evaluate(() => ({ ui: window.embx.info().uiScale, dpr: devicePixelRatio,
                                                 w: document.getElementById('canvas').width,
                                                 css: document.getElementById('canvas').clientWidth }));
  assert.equal((await scaleOf()).ui, 1);
  for (const factor of [2, 1.25]) {
    await cdp.send('Emulation.setDeviceMetricsOverride', { width: 1200, height: 800, deviceScaleFactor: factor, mobile: false });
    await page.waitForFunction((f) => window.embx.info().uiScale === f, factor, { timeout: 5000 });
    await page.waitForTimeout(150);
    const s = await scaleOf();
    assert.equal(s.dpr, factor);
    assert.ok(Math.abs(s.w - s.css * factor) <= 1, `canvas backbuffer ${s.w} for ${s.css} CSS px at ${factor}: ${JSON.stringify(s)}`);
    assert.equal((await snapshot()).uiScale, factor);
    if (factor === 2) {  // through CDP: Playwright's own screenshot would reset the emulated metrics
      const shot = await cdp.send('Page.captureScreenshot', { format: 'png' });
      fs.writeFileSync(path.join(outDir, 'a11y-scale-2.png'), Buffer.from(shot.data, 'base64'));
    }
  }
  // A canvas exactly the screen's size (an F11 window): Emscripten's GLFW would take the resize
  // for a fullscreen request and wrap the canvas; the page resizes it as any other size.
  await cdp.send('Emulation.setDeviceMetricsOverride', { width: 1000, height: 700, deviceScaleFactor: 1, mobile: false,
                                                        screenWidth: 1000, screenHeight: 700 });
  await page.waitForFunction(() => window.embx.info().uiScale === 1 && document.getElementById('canvas').width === 1000,
                             null, { timeout: 5000 });
  await page.waitForTimeout(300);
  assert.deepEqual(await page.evaluate(() => [document.getElementById('canvas').parentNode.tagName, !!document.fullscreenElement]),
                   ['BODY', false]);
  await cdp.send('Emulation.clearDeviceMetricsOverride');
  await page.waitForFunction(() => window.embx.info().uiScale === 1 && document.getElementById('canvas').width === 1200,
                             null, { timeout: 5000 });
  // Re-rasterizing the fonts for a new scale must not break drawing (ImGui 1.86's backend kept
  // stale buffer sizes when all its GL objects were rebuilt: every draw overflowed).
  assert.deepEqual(glErrors.slice(0, 3), []);
  const png = await page.screenshot({ path: path.join(outDir, 'a11y-after-zoom.png') });
  assert.ok((await distinctColours(page, png)) > 20, 'the canvas is blank after the scale changes');
});

test('the pinned text view is a real side panel that shrinks the canvas', async () => {
  const before = await page.evaluate(() => document.getElementById('canvas').clientWidth);
  await toTabs();
  await page.keyboard.press('Shift+Tab');
  assert.equal((await active()).id, 'textview-toggle');
  await page.keyboard.press('Enter');  // the focus is on the button, outside the panel: pinned, it stays
  await page.waitForTimeout(200);
  const box = await page.locator('#textview').boundingBox();
  const after = await page.evaluate(() => document.getElementById('canvas').clientWidth);
  assert.ok(box.width > 300 && after < before - 300, `panel ${box.width}px, canvas ${before} -> ${after}`);
  await page.screenshot({ path: path.join(outDir, 'a11y-textview-pinned.png') });
  await page.keyboard.press('Enter');  // unpinned
  assert.equal(await page.locator('#textview-toggle').getAttribute('aria-pressed'), 'false');
});
