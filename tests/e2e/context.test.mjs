// The Context tab in headless Chromium, on random-weight models tests/models/make_models.py
// writes in Hugging Face layout (no real weights can be downloaded here): a sentence-
// transformers BERT folder chosen in the tab's folder picker, run on the page; its hidden
// states through window.embx match the float64 torch reference (reference.json), the tab's
// per-layer cosines of the two default sentences are the ones those hidden states give, and
// the text view lists them. A bad folder leaves the model working; a sharded BF16 Qwen2 opens
// as int8 and still matches the reference. Packed into one .embxm (embx convert-model), the
// same models open from a link (one stream, no Range) and from the file picker. As GGUF files
// (tests/models/write_gguf.py, llama.cpp's layout) a Llama model opens from a link and a Qwen2
// one dropped on the tab.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serve } from './serve.mjs';
import { launch } from './browser.mjs';

const siteDir = process.env.EMBX_SITE_DIR;
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const BERT = 'bert-st-mean-normalize', QWEN = 'qwen2-gqa3-bf16-sharded', LLAMA = 'llama-tied-f16';
let server, browser, page, models;

before(async () => {
  assert.ok(siteDir, 'EMBX_SITE_DIR');
  models = fs.mkdtempSync(path.join(os.tmpdir(), 'embx-context-'));
  execFileSync('/usr/bin/python3', [path.join(root, 'tests/models/make_models.py'), '--out', models,
                                    '--only', `${BERT},${QWEN},${LLAMA}`], { stdio: 'ignore' });
  server = await serve(siteDir);
  browser = await launch();
  page = await browser.context.newPage();
  await page.addInitScript(() => { window.EMBX_NO_SERVICE_WORKER = true; });
  await page.goto(server.url + 'index.html#tab=context');
  await page.waitForFunction(() => { try { return window.embx.state().tab === 'context'; } catch { return false; } },
                             null, { timeout: 30000 });
});

after(async () => {
  if (browser) await browser.close();
  if (server) server.stop();
  if (models) fs.rmSync(models, { recursive: true, force: true });
});

function cosine(a, b) {
  let ab = 0, aa = 0, bb = 0;
  for (let i = 0; i < a.length; ++i) { ab += a[i] * b[i]; aa += a[i] * a[i]; bb += b[i] * b[i]; }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
}

// The smallest cosine between the page's hidden states and the reference's, over every layer
// and token of every case.
async function worstAgainstReference(dir) {
  const ref = JSON.parse(fs.readFileSync(path.join(dir, 'reference.json')));
  let worst = 1;
  for (const c of ref.cases) {
    const got = await page.evaluate((ids) => {
      const r = window.embx.hidden('', { ids });
      return { states: r.hidden_states.map((l) => l.map((t) => [...t])),
               sentence: r.sentence_embedding ? [...r.sentence_embedding] : null };
    }, c.ids);
    assert.equal(got.states.length, ref.num_hidden_layers + 1);
    got.states.forEach((layer, l) => layer.forEach((v, t) => { worst = Math.min(worst, cosine(v, c.hidden_states[l][t])); }));
    if (c.sentence_embedding) worst = Math.min(worst, cosine(got.sentence, c.sentence_embedding));
  }
  return worst;
}

function waitFor(event, seconds = 30) {
  return page.evaluate(({ event, seconds }) => new Promise((resolve, reject) => {
    window.addEventListener(event, (e) => resolve(e.detail), { once: true });
    window.addEventListener('embx:error', (e) => reject(new Error(e.detail.message)), { once: true });
    setTimeout(() => reject(new Error(`no ${event} within ${seconds} s`)), seconds * 1000);
  }), { event, seconds });
}

test('without a model the tab says what to open', async () => {
  const c = await page.evaluate(() => window.embx.contextState());
  assert.equal(c.hasModel, false);
  assert.match(c.summary, /open a Hugging Face model folder/);
});

test('a BERT folder chosen in the picker runs on the page and matches the torch reference', async () => {
  const dir = path.join(models, BERT);
  const loaded = waitFor('embx:model-loaded');
  await page.setInputFiles('#model-picker', dir);
  const ev = await loaded;
  assert.equal(ev.architecture, 'bert');
  const worst = await worstAgainstReference(dir);
  assert.ok(worst >= 0.9999, `f32 hidden states vs the reference: worst cosine ${worst}`);
  console.log(`# ${BERT} f32 in Chromium: worst cosine vs torch float64 ${worst.toFixed(9)}`);
});

test('the tab plots the default sentences\' "bank" layer by layer, as embx.hidden gives it', async () => {
  await page.waitForFunction(() => { const c = window.embx.contextState(); return !c.running && c.cosines.length > 0; },
                             null, { timeout: 30000 });
  const c = await page.evaluate(() => window.embx.contextState());
  assert.equal(c.a.text, 'The river bank was flooded.');
  assert.equal(c.b.text, 'The bank robbery was postponed.');
  assert.equal(c.cosines.length, c.layers + 1);
  // The tab picks the token where "bank" starts.
  assert.equal(c.a.tokens[c.a.picked].begin, c.a.text.indexOf('bank'));
  assert.equal(c.b.tokens[c.b.picked].begin, c.b.text.indexOf('bank'));
  const expected = await page.evaluate(({ a, b, ta, tb }) => {
    const x = window.embx.hidden(a).hidden_states, y = window.embx.hidden(b).hidden_states;
    return x.map((layer, l) => [[...layer[ta]], [...y[l][tb]]]);
  }, { a: c.a.text, b: c.b.text, ta: c.a.picked, tb: c.b.picked });
  expected.forEach(([u, v], l) => assert.ok(Math.abs(cosine(u, v) - c.cosines[l]) < 1e-5, `layer ${l}`));
  // Layer 0 of BERT adds different position embeddings, so even there the two differ.
  assert.ok(c.cosines[0] < 1);
  assert.equal(c.driftA[0], 1);
  assert.equal(c.heatTokens, c.a.tokens.length);
  assert.equal(c.heat.length, c.heatTokens * c.heatTokens);
  assert.ok(c.a.nearest.length > 0);
  // Attention at the last layer, head 1: each query's row sums to 1.
  const att = await page.evaluate(() => {
    window.embx.context({ heat: 'attention', head: 1 });
    return new Promise((r) => setTimeout(() => r(window.embx.contextState()), 100));
  });
  assert.equal(att.heatMode, 'attention');
  for (let q = 0; q < att.heatTokens; ++q) {
    const row = att.heat.slice(q * att.heatTokens, (q + 1) * att.heatTokens);
    assert.ok(Math.abs(row.reduce((s, x) => s + x, 0) - 1) < 1e-4);
  }
  // The text view lists the same cosines.
  const panel = page.getByRole('main', { name: 'Embedding Explorer, text view' }).getByRole('tabpanel', { name: 'Context' });
  const [pa, pb] = [c.a.tokens[c.a.picked].token, c.b.tokens[c.b.picked].token];
  assert.equal(pa, 'bank');  // one token in this made-up vocabulary, as in real ones
  await panel.getByText(`Cosine of ${pa} (A) and ${pb} (B), layer by layer`).waitFor({ state: 'attached', timeout: 5000 });
  const rows = await panel.locator('table tbody tr').count();
  assert.equal(rows, c.layers + 1);
});

test('picking other tokens and ranking sentences by their embeddings', async () => {
  const a = 'the cat was in the house', b = 'a dog and a cat';
  await page.evaluate(({ a, b }) => window.embx.context({ a, b }), { a, b });
  await page.waitForFunction((a) => { const c = window.embx.contextState(); return !c.running && c.a.text === a && c.cosines.length > 0; },
                             a, { timeout: 30000 });
  // Pick where "cat" starts in each sentence.
  let c = await page.evaluate(() => window.embx.contextState());
  const pickA = c.a.tokens.findIndex((t) => t.begin === a.indexOf('cat'));
  const pickB = c.b.tokens.findIndex((t) => t.begin === b.indexOf('cat'));
  assert.ok(pickA > 0 && pickB > 0);
  const before = c.cosines;
  c = await page.evaluate(({ pickA, pickB }) => window.embx.context({ pickA, pickB }), { pickA, pickB });
  await page.waitForFunction((p) => { const x = window.embx.contextState(); return x.a.picked === p.pickA && x.b.picked === p.pickB; },
                             { pickA, pickB }, { timeout: 5000 });
  c = await page.evaluate(() => window.embx.contextState());
  assert.notDeepEqual(c.cosines, before);
  await page.evaluate(() => window.embx.context({ search: 'the cat was in the house\nwater music\nthe dog', runSearch: true }));
  await page.waitForFunction(() => window.embx.contextState().search.length === 3, null, { timeout: 30000 });
  const s = await page.evaluate(() => window.embx.contextState().search);
  assert.equal(s[0].text, 'the cat was in the house');  // the sentence itself first
  assert.ok(Math.abs(s[0].score - 1) < 1e-5, String(s[0].score));
  // Unknown keys and bad values are refused by name.
  await assert.rejects(page.evaluate(() => window.embx.context({ colour: 'red' })), /unknown key colour/);
  await assert.rejects(page.evaluate(() => window.embx.hidden('x', { layers: [99] })), /layers are 0\.\./);
});

test('a bad folder is refused by name and the model keeps working', async () => {
  const bad = fs.mkdtempSync(path.join(os.tmpdir(), 'embx-bad-context-'));
  fs.cpSync(path.join(models, BERT), bad, { recursive: true });
  const cfg = JSON.parse(fs.readFileSync(path.join(bad, 'config.json')));
  cfg.model_type = 'gpt2';
  fs.writeFileSync(path.join(bad, 'config.json'), JSON.stringify(cfg));
  const err = waitFor('embx:model-loaded').then(() => { throw new Error('the bad folder loaded'); }, (e) => e);
  await page.setInputFiles('#model-picker', bad);
  assert.match((await err).message, /model_type "gpt2" is not one we run/);
  const c = await page.evaluate(() => window.embx.contextState());
  assert.equal(c.hasModel, true);
  assert.equal(c.model, BERT);
  assert.match(c.loadError, /gpt2/);
  assert.ok(await page.evaluate(() => window.embx.hidden('the cat').hidden_states.length > 0));
  fs.rmSync(bad, { recursive: true, force: true });
});

test('a sharded BF16 Qwen2 opens as int8 and stays within 0.99 of the reference', async () => {
  const dir = path.join(models, QWEN);
  await page.evaluate(() => window.embx.context({ int8: true }));
  const loaded = waitFor('embx:model-loaded');
  await page.setInputFiles('#model-picker', dir);
  const ev = await loaded;
  assert.equal(ev.architecture, 'qwen2');
  const c = await page.evaluate(() => window.embx.contextState());
  assert.equal(c.dtype, 'int8');
  assert.equal(c.model, QWEN);
  // No tokenizer in this folder: text is refused by name, ids run.
  await assert.rejects(page.evaluate(() => window.embx.hidden('hello')), /no tokenizer/);
  const worst = await worstAgainstReference(dir);
  assert.ok(worst >= 0.99, `int8 hidden states vs the reference: worst cosine ${worst}`);
  console.log(`# ${QWEN} int8 in Chromium: worst cosine vs torch float64 ${worst.toFixed(6)}`);
});

// Serves the models folder under <origin>/<prefix>/ from the test (page.route): HEAD gives the
// size; with `ranges`, a Range request gets 206 and its bytes, without, the whole file (as a
// static server that ignores Range). Returns the bytes sent per file.
async function serveModels(p, prefix, ranges) {
  const sent = new Map();
  await p.route(new RegExp(`/${prefix}/`), async (route) => {
    const req = route.request();
    const rel = decodeURIComponent(new URL(req.url()).pathname.split(`/${prefix}/`)[1]);
    const file = path.join(models, rel);
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) return route.fulfill({ status: 404, body: 'not found' });
    const all = fs.readFileSync(file);
    if (req.method() === 'HEAD')
      return route.fulfill({ status: 200, headers: { 'content-length': String(all.length) }, body: '' });
    const m = /^bytes=(\d+)-(\d*)$/.exec(req.headers()['range'] || '');
    const body = ranges && m ? all.subarray(Number(m[1]), m[2] ? Number(m[2]) + 1 : all.length) : all;
    sent.set(rel, (sent.get(rel) || 0) + body.length);
    return route.fulfill({ status: ranges && m ? 206 : 200, body });
  });
  return sent;
}

test('?model=URL opens a served folder: a sharded Qwen2 by Range requests, a BERT from a server without them', async () => {
  const p = await browser.context.newPage();
  try {
    const sent = await serveModels(p, 'served', true);
    await p.addInitScript(() => {
      window.EMBX_NO_SERVICE_WORKER = true;
      window.__modelEvents = [];
      for (const t of ['embx:model-loaded', 'embx:error'])
        window.addEventListener(t, (e) => window.__modelEvents.push({ type: t, detail: e.detail }));
    });
    await p.goto(server.url + `index.html?model=served/${QWEN}&dtype=int8`);
    await p.waitForFunction(() => window.__modelEvents.length > 0, null, { timeout: 60000 });
    const ev = await p.evaluate(() => window.__modelEvents[0]);
    assert.equal(ev.type, 'embx:model-loaded', JSON.stringify(ev.detail));
    const c = await p.evaluate(() => window.embx.contextState());
    assert.equal(c.model, QWEN);
    assert.equal(c.dtype, 'int8');
    assert.equal(await p.evaluate(() => window.embx.state().tab), 'context');
    // Ranges, not a whole file per request: no shard was sent more than once over (the
    // weights the hidden states don't need, lm_head, are not asked for at all).
    let sentTotal = 0, sizeTotal = 0;
    for (const f of fs.readdirSync(path.join(models, QWEN)).filter((n) => n.endsWith('.safetensors'))) {
      const size = fs.statSync(path.join(models, QWEN, f)).size;
      const got = sent.get(`${QWEN}/${f}`) || 0;
      assert.ok(got > 0 && got <= size, `${f}: ${got} bytes sent for a file of ${size}`);
      sentTotal += got;
      sizeTotal += size;
    }
    console.log(`# ?model=URL: ${sentTotal} of the shards' ${sizeTotal} bytes requested`);
    const ref = JSON.parse(fs.readFileSync(path.join(models, QWEN, 'reference.json')));
    const states = await p.evaluate((ids) => window.embx.hidden('', { ids }).hidden_states.map((l) => l.map((t) => [...t])), ref.cases[0].ids);
    let worst = 1;
    states.forEach((layer, l) => layer.forEach((v, t) => { worst = Math.min(worst, cosine(v, ref.cases[0].hidden_states[l][t])); }));
    assert.ok(worst >= 0.99, `int8 over HTTP vs the reference: worst cosine ${worst}`);

    // A server that ignores Range: each file is one stream from its start. The BERT folder's
    // Normalize module has no file; modules.json says so, and the sentence embedding matches.
    await serveModels(p, 'plain', false);
    const info = await p.evaluate((name) => window.embx.loadModelUrl(`plain/${name}`), BERT);
    assert.equal(info.architecture, 'bert');
    const bertRef = JSON.parse(fs.readFileSync(path.join(models, BERT, 'reference.json')));
    const got = await p.evaluate((ids) => { const r = window.embx.hidden('', { ids });
      return { states: r.hidden_states.map((l) => l.map((t) => [...t])), sentence: [...r.sentence_embedding] }; }, bertRef.cases[0].ids);
    worst = cosine(got.sentence, bertRef.cases[0].sentence_embedding);
    got.states.forEach((layer, l) => layer.forEach((v, t) => { worst = Math.min(worst, cosine(v, bertRef.cases[0].hidden_states[l][t])); }));
    assert.ok(worst >= 0.9999, `f32 over HTTP vs the reference: worst cosine ${worst}`);
    // Nothing there: refused by name, the model stays.
    await assert.rejects(p.evaluate(() => window.embx.loadModelUrl('served/no-such-model')), /no model files there/);
    assert.equal((await p.evaluate(() => window.embx.contextState())).model, BERT);
  } finally {
    await p.close();
  }
});

test('a packed .embxm opens from a link as one stream and from the file picker', async () => {
  const cli = process.env.EMBX_HOST_CLI;
  assert.ok(cli && fs.existsSync(cli), `EMBX_HOST_CLI (${cli})`);
  const pack = (name, dtype) => {
    const out = path.join(models, `${name}-${dtype}.embxm`);
    execFileSync(cli, ['convert-model', path.join(models, name), '-o', out, '--dtype', dtype], { stdio: 'ignore' });
    return out;
  };
  const bertPack = pack(BERT, 'f16'), qwenPack = pack(QWEN, 'i8');
  const p = await browser.context.newPage();
  try {
    const sent = await serveModels(p, 'plain', false);  // a server without Range support
    await p.addInitScript(() => { window.EMBX_NO_SERVICE_WORKER = true; });
    await p.goto(server.url + `index.html?model=plain/${path.basename(bertPack)}`);
    await p.waitForFunction(() => { try { return window.embx.contextState().model !== ''; } catch { return false; } },
                            null, { timeout: 60000 });
    const c = await p.evaluate(() => window.embx.contextState());
    assert.equal(c.model, path.basename(bertPack));
    assert.equal(c.dtype, 'f32');
    // One file, asked for from its start to its end: every byte sent exactly once.
    assert.equal(sent.get(path.basename(bertPack)), fs.statSync(bertPack).size);
    const bertRef = JSON.parse(fs.readFileSync(path.join(models, BERT, 'reference.json')));
    const got = await p.evaluate((ids) => { const r = window.embx.hidden('', { ids });
      return { states: r.hidden_states.map((l) => l.map((t) => [...t])), sentence: [...r.sentence_embedding] }; }, bertRef.cases[0].ids);
    let worst = cosine(got.sentence, bertRef.cases[0].sentence_embedding);
    got.states.forEach((layer, l) => layer.forEach((v, t) => { worst = Math.min(worst, cosine(v, bertRef.cases[0].hidden_states[l][t])); }));
    assert.ok(worst >= 0.9999, `f16 .embxm over HTTP vs the reference: worst cosine ${worst}`);
    console.log(`# ${BERT} packed f16, one stream of ${fs.statSync(bertPack).size} bytes: worst cosine ${worst.toFixed(6)}`);
    // Its text runs too: the packed vocab.txt is the tokenizer.
    const words = await p.evaluate(() => window.embx.hidden('the bank').tokens.length);
    assert.ok(words >= 3, `tokens of "the bank": ${words}`);

    // Cut short on the server: refused by name before any weight, the model stays.
    const cut = path.join(models, 'cut.embxm');
    fs.writeFileSync(cut, fs.readFileSync(qwenPack).subarray(0, 5000));
    await assert.rejects(p.evaluate(() => window.embx.loadModelUrl('plain/cut.embxm')), /cut short: 5000 of its/);
    assert.equal((await p.evaluate(() => window.embx.contextState())).model, path.basename(bertPack));

    // The table's file picker hands a packed model to the Context tab, as int8 when asked.
    await p.evaluate(() => { window.embx.setTab('table'); window.embx.context({ int8: true }); });
    const loaded = p.evaluate(() => new Promise((resolve) => window.addEventListener('embx:model-loaded', (e) => resolve(e.detail), { once: true })));
    await p.setInputFiles('#table-picker', qwenPack);
    const ev = await loaded;
    assert.equal(ev.architecture, 'qwen2');
    assert.equal(await p.evaluate(() => window.embx.state().tab), 'context');
    assert.equal((await p.evaluate(() => window.embx.contextState())).dtype, 'int8');
    const ref = JSON.parse(fs.readFileSync(path.join(models, QWEN, 'reference.json')));
    const states = await p.evaluate((ids) => window.embx.hidden('', { ids }).hidden_states.map((l) => l.map((t) => [...t])), ref.cases[0].ids);
    worst = 1;
    states.forEach((layer, l) => layer.forEach((v, t) => { worst = Math.min(worst, cosine(v, ref.cases[0].hidden_states[l][t])); }));
    assert.ok(worst >= 0.99, `i8 .embxm vs the reference: worst cosine ${worst}`);
    console.log(`# ${QWEN} packed i8 from the file picker: worst cosine ${worst.toFixed(6)}`);
  } finally {
    await p.close();
  }
});

// The page's hidden states of a reference case against the reference: the smallest cosine.
async function worstCase(p, dir, k = 0) {
  const ref = JSON.parse(fs.readFileSync(path.join(models, dir, 'reference.json')));
  const states = await p.evaluate((ids) => window.embx.hidden('', { ids }).hidden_states.map((l) => l.map((t) => [...t])),
                                  ref.cases[k].ids);
  assert.equal(states.length, ref.num_hidden_layers + 1);
  let worst = 1;
  states.forEach((layer, l) => layer.forEach((v, t) => { worst = Math.min(worst, cosine(v, ref.cases[k].hidden_states[l][t])); }));
  return worst;
}

test('a GGUF model runs on the Context tab: from a link as one stream, and dropped on the tab', async () => {
  const gguf = (name, dtype) => {
    const out = path.join(models, `${name}-${dtype}.gguf`);
    execFileSync('/usr/bin/python3', [path.join(root, 'tests/models/write_gguf.py'), path.join(models, name), out,
                                      '--dtype', dtype], { stdio: 'ignore' });
    return out;
  };
  const llama = gguf(LLAMA, 'f16'), qwen = gguf(QWEN, 'q8_0');
  const p = await browser.context.newPage();
  try {
    const sent = await serveModels(p, 'plain', false);
    await p.addInitScript(() => { window.EMBX_NO_SERVICE_WORKER = true; });
    await p.goto(server.url + `index.html?model=plain/${path.basename(llama)}`);
    await p.waitForFunction(() => { try { return window.embx.contextState().model !== ''; } catch { return false; } },
                            null, { timeout: 60000 });
    assert.equal((await p.evaluate(() => window.embx.contextState())).model, path.basename(llama));
    assert.equal(sent.get(path.basename(llama)), fs.statSync(llama).size, 'the GGUF is sent once');
    // Llama: llama.cpp's interleaved q/k rows are put back, or every layer after the first is off.
    const worstLlama = await worstCase(p, LLAMA, 2);
    assert.ok(worstLlama >= 0.9999, `Llama GGUF f16 vs the reference: worst cosine ${worstLlama}`);
    console.log(`# ${LLAMA} as GGUF f16 from a link: worst cosine ${worstLlama.toFixed(6)}`);

    // Dropped on the Context tab with int8 chosen: a Q8_0 Qwen2.
    await p.evaluate(() => { window.embx.setTab('context'); window.embx.context({ int8: true }); });
    const loaded = p.evaluate(() => new Promise((resolve, reject) => {
      window.addEventListener('embx:model-loaded', (e) => resolve(e.detail), { once: true });
      window.addEventListener('embx:error', (e) => reject(new Error(e.detail.message)), { once: true });
    }));
    await p.evaluate(async (url) => {
      const blob = await (await fetch(url)).blob();
      const dt = new DataTransfer();
      dt.items.add(new File([blob], url.split('/').pop()));
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, cancelable: true }));
    }, `plain/${path.basename(qwen)}`);
    const ev = await loaded;
    assert.equal(ev.architecture, 'qwen2');
    assert.equal((await p.evaluate(() => window.embx.contextState())).dtype, 'int8');
    const worstQwen = await worstCase(p, QWEN, 1);
    assert.ok(worstQwen >= 0.99, `Qwen2 GGUF Q8_0 as int8 vs the reference: worst cosine ${worstQwen}`);
    console.log(`# ${QWEN} as GGUF Q8_0 dropped, int8: worst cosine ${worstQwen.toFixed(6)}`);
  } finally {
    await p.close();
  }
});
