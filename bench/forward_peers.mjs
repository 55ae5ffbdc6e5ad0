// The transformer forward pass in headless Chromium against the in-browser standard,
// onnxruntime-web (the engine behind transformers.js), on the same random-weight
// all-MiniLM-L6-v2-shaped model (6 layers, 384 hidden, 12 heads; tests/models/make_models.py
// --minilm), exported to ONNX with torch (tests/models/export_onnx.py) and quantized to int8
// the way onnxruntime's quantize_dynamic does (tests/models/quantize_onnx.py). Sentences of
// 16 and 128 tokens; 1 and 2 threads (a fresh page per thread count: onnxruntime-web fixes its
// thread count at its first session); f32 and int8. Ours is embx.hidden()'s forward pass
// (every layer's hidden states); onnxruntime's session.run (the last hidden state only).
// Medians of --runs (two blocks per engine, each after a warm-up run); the outputs are compared (cosine per token) so both run
// the same model. Numbers only; nothing is asserted.
//   node bench/forward_peers.mjs [--site build/web/site] [--runs 15] [--work build/bench-forward]
//                                [--out file.json]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '../tests/e2e/serve.mjs';
import { launch } from '../tests/e2e/browser.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, dflt) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : dflt; };
const site = path.resolve(arg('--site', path.join(root, 'build/web/site')));
const runs = Number(arg('--runs', 15));
const work = path.resolve(arg('--work', path.join(root, 'build/bench-forward')));
const out = arg('--out', null);
const py = '/usr/bin/python3';

// The model, its ONNX export and the int8 ONNX, made once.
const modelDir = path.join(work, 'minilm-l6-st');
const onnxF32 = path.join(work, 'minilm.onnx'), onnxI8 = path.join(work, 'minilm-int8.onnx');
if (!fs.existsSync(path.join(modelDir, 'config.json')))
  execFileSync(py, [path.join(root, 'tests/models/make_models.py'), '--out', work, '--minilm', '--only', 'minilm-l6-st'],
               { stdio: 'inherit' });
if (!fs.existsSync(onnxF32)) execFileSync(py, [path.join(root, 'tests/models/export_onnx.py'), modelDir, onnxF32], { stdio: 'inherit' });
if (!fs.existsSync(onnxI8)) execFileSync(py, [path.join(root, 'tests/models/quantize_onnx.py'), onnxF32, onnxI8], { stdio: 'inherit' });

// Token ids: [CLS] ... [SEP] with ids spread over the vocabulary (random weights: any ids do).
const ids = (n) => [101, ...Array.from({ length: n - 2 }, (_, i) => 1000 + ((i * 7919) % 28000)), 102];
const LENGTHS = [16, 128];

// onnxruntime-web and the ONNX files, served by the same static server (same origin, with its
// isolation headers) through links in the site folder, removed at the end.
const links = { ort: path.join(root, 'node_modules/onnxruntime-web/dist'), 'bench-forward': work };
for (const [name, target] of Object.entries(links)) {
  fs.rmSync(path.join(site, name), { force: true });
  fs.symlinkSync(target, path.join(site, name));
}
const server = await serve(site);
const browser = await launch();

const cos = (a, b) => {
  let ab = 0, aa = 0, bb = 0;
  for (let i = 0; i < a.length; ++i) { ab += a[i] * b[i]; aa += a[i] * a[i]; bb += b[i] * b[i]; }
  return ab / Math.sqrt(aa * bb);
};
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

const results = { runs, model: 'random all-MiniLM-L6-v2 shape (6 x 384, 12 heads)', rows: [] };
try {
  for (const threads of [1, 2]) {
    const page = await browser.context.newPage();
    page.on('console', (m) => { if (m.type() === 'error') console.log('page:', m.text().slice(0, 300)); });
    page.on('crash', () => console.log('page: crashed'));
    await page.addInitScript(() => {
      window.EMBX_NO_SERVICE_WORKER = true;
      window.addEventListener('embx:loaded', () => { window.__tableLoaded = true; }, { once: true });
    });
    await page.goto(server.url + 'index.html#tab=context');
    await page.waitForFunction(() => !!(window.embx && window.embx.ready), null, { timeout: 60000 });
    await page.evaluate(() => window.embx.ready);
    // The default table streams in on the scan threads: timing before it is whole would
    // measure both engines against its loading.
    await page.waitForFunction(() => window.__tableLoaded === true, null, { timeout: 180000 });
    const isolated = await page.evaluate(() => self.crossOriginIsolated);
    if (threads === 2 && !isolated) console.log('warning: the page is not cross-origin isolated: 1 thread only');
    for (const dtype of ['f32', 'int8']) {
      // Ours: the folder through the Context tab's picker, as a user opens it.
      await page.evaluate((int8) => window.embx.context({ int8 }), dtype === 'int8');
      const loaded = page.evaluate(() => new Promise((resolve, reject) => {
        window.addEventListener('embx:model-loaded', (e) => resolve(e.detail), { once: true });
        window.addEventListener('embx:error', (e) => reject(new Error(e.detail.message)), { once: true });
      }));
      await page.setInputFiles('#model-picker', modelDir);
      await loaded;
      // onnxruntime-web: the first session fixes its thread count.
      const onnxUrl = dtype === 'int8' ? '/bench-forward/minilm-int8.onnx' : '/bench-forward/minilm.onnx';
      await page.evaluate(async ({ onnxUrl, threads }) => {
        if (!window.ort) {
          window.ort = await import('/ort/ort.wasm.min.mjs');
          window.ort.env.wasm.wasmPaths = '/ort/';
          window.ort.env.wasm.numThreads = threads;
        }
        window.ortSession = await window.ort.InferenceSession.create(onnxUrl, { executionProviders: ['wasm'] });
      }, { onnxUrl, threads });
      for (const n of LENGTHS) {
        const r = await page.evaluate(async ({ list, runs, threads }) => {
          const ort = window.ort;
          const n = list.length;
          const feeds = {
            input_ids: new ort.Tensor('int64', BigInt64Array.from(list.map(BigInt)), [1, n]),
            attention_mask: new ort.Tensor('int64', new BigInt64Array(n).fill(1n), [1, n]),
            token_type_ids: new ort.Tensor('int64', new BigInt64Array(n), [1, n]),
          };
          const ours = [], ortMs = [];
          let last = null, ortOut = null;
          const pause = () => new Promise((resolve) => setTimeout(resolve, 300));
          // Blocks of runs, one engine at a time (ours, onnxruntime, ours, onnxruntime), with a
          // pause between: a thread pool that spins after its run would otherwise take a core
          // from the other engine. Each block's first run warms up and is not counted.
          for (let block = 0; block < 4; ++block) {
            await pause();
            for (let i = 0; i <= runs >> 1; ++i) {
              if (block % 2 === 0) {
                const h = window.embx.hidden('', { ids: list, threads, layers: [6] });
                if (i > 0) ours.push(h.ms);
                last = h.hidden_states[0];
              } else {
                const t0 = performance.now();
                const o = await window.ortSession.run(feeds);
                if (i > 0) ortMs.push(performance.now() - t0);
                ortOut = o.last_hidden_state.data;
              }
            }
          }
          const hidden = last[0].length;
          const outRows = Array.from({ length: n }, (_, t) => [...ortOut.subarray(t * hidden, (t + 1) * hidden)]);
          return { ours, ort: ortMs, ourLast: last.map((v) => [...v]), ortLast: outRows };
        }, { list: ids(n), runs, threads });
        let worst = 1;
        r.ourLast.forEach((v, t) => { worst = Math.min(worst, cos(v, r.ortLast[t])); });
        const row = { threads, dtype, tokens: n, ours_ms: median(r.ours), ort_ms: median(r.ort),
                      ratio: median(r.ort) / median(r.ours), worst_cosine_vs_ort: worst };
        results.rows.push(row);
        console.log(`${dtype.padEnd(4)} ${String(n).padStart(3)} tokens, ${threads} thread${threads > 1 ? 's' : ' '}: ` +
                    `ours ${row.ours_ms.toFixed(1)} ms, onnxruntime-web ${row.ort_ms.toFixed(1)} ms ` +
                    `(ours ${row.ratio.toFixed(2)}x as fast; outputs agree to cosine ${worst.toFixed(5)})`);
      }
      await page.evaluate(() => window.ortSession.release());
    }
    await page.close();
  }
} catch (e) {
  console.error('forward_peers:', e);
  process.exitCode = 1;
} finally {
  await browser.close().catch(() => {});
  server.stop();
  for (const name of Object.keys(links)) fs.rmSync(path.join(site, name), { force: true });
}
if (out) fs.writeFileSync(out, JSON.stringify(results, null, 2));
