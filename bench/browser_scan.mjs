// The single-query scan in headless Chromium with 1 and 2 threads (the threaded module on a
// cross-origin isolated page served by emrun), beside the native CLI with 1 and 2 threads, on
// random int8 tables made in wasm memory by benchScan: LLM-sized (151,936 x 1,536) and
// GloVe-shaped (341,479 x 100).
// Rounds alternate 1 and 2 threads, so a noisy neighbour on a shared machine hits both alike;
// the best round's median is reported. Numbers only; nothing is asserted. A second thread
// needs a free core: on a machine busy with other work, Linux's per-session scheduling groups
// (autogroup) share the cores between sessions, and Chromium starts sessions of its own, so
// the 2-thread figure there says little unless this run and Chromium get priority.
//   node bench/browser_scan.mjs [--site build/web/site] [--queries 20] [--rounds 3]
//                               [--native build/native/src/embx] [--out file.json]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '../tests/e2e/serve.mjs';
import { launch } from '../tests/e2e/browser.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, dflt) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : dflt; };
const site = path.resolve(arg('--site', path.join(root, 'build/web/site')));
const queries = Number(arg('--queries', 20));
const rounds = Number(arg('--rounds', 3));
const nativeCli = path.resolve(arg('--native', path.join(root, 'build/native/src/embx')));
const out = arg('--out', null);
const shapes = [[151936, 1536], [341479, 100]];  // LLM-sized, and GloVe 6B 100d's shape

const server = await serve(site);
const browser = await launch();
const r = { queries, rounds };
try {
  const page = await browser.context.newPage();
  await page.addInitScript(() => { window.EMBX_NO_SERVICE_WORKER = true; });
  await page.goto(server.url + 'index.html');
  await page.waitForFunction(() => !!(window.embx && window.embx.ready), null, { timeout: 60000 });
  await page.evaluate(() => window.embx.ready);
  const info = await page.evaluate(() => ({ isolated: self.crossOriginIsolated, threads: window.embx.info().threads }));
  r.isolated = info.isolated;
  r.page_threads = info.threads;
  if (info.threads < 2) console.log('warning: the page has 1 thread (not cross-origin isolated?)');
  r.shapes = [];
  for (const [rows, dims] of shapes) {
    const t0 = Date.now();
    await page.evaluate((s) => window.embx.benchScan({ ...s, threads: 1, queries: 1 }), { rows, dims });
    const s = { rows, dims, table_ms: Date.now() - t0 };  // generating the random table in wasm
    const best = { 1: Infinity, 2: Infinity };
    const checksums = new Set();
    for (let round = 0; round < rounds; ++round) {
      for (const threads of [1, 2].slice(0, info.threads)) {
        const b = await page.evaluate((q) => window.embx.benchScan(q), { rows, dims, queries, threads });
        if (!b.ok) throw new Error(b.error);
        best[threads] = Math.min(best[threads], b.msPerQuery);
        checksums.add(b.checksum);
      }
    }
    s.wasm_1_thread_ms = best[1];
    s.wasm_2_threads_ms = best[2];
    s.wasm_speedup = best[1] / best[2];
    s.same_hits = checksums.size === 1;
    r.shapes.push(s);
  }
} finally {
  await browser.close();
  server.stop();
}

const f = (x) => (x === undefined ? 'n/a' : x.toFixed(2));
for (const s of r.shapes) {
  if (fs.existsSync(nativeCli)) {
    const n = JSON.parse(execFileSync(nativeCli, ['bench', '--synthetic', `${s.rows}x${s.dims}`, '--queries',
                                                  String(queries), '--threads', '2', '--json'],
                                      { maxBuffer: 1 << 26 }).toString());
    s.native_1_thread_ms = n.ms_per_query_1_thread;
    s.native_2_threads_ms = n.ms_per_query_threads;
    s.native_speedup = n.thread_speedup;
  }
  console.log(`${s.rows} x ${s.dims} int8, median ms/query (best of ${rounds} rounds of ${queries})`);
  console.log(`  wasm in Chromium: 1 thread ${f(s.wasm_1_thread_ms)}, 2 threads ${f(s.wasm_2_threads_ms)}: ` +
              `${f(s.wasm_speedup)}x (same hits: ${s.same_hits})`);
  console.log(`  native:           1 thread ${f(s.native_1_thread_ms)}, 2 threads ${f(s.native_2_threads_ms)}: ` +
              `${f(s.native_speedup)}x`);
}
if (out) fs.writeFileSync(out, JSON.stringify(r, null, 2));
