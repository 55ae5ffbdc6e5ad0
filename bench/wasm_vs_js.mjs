#!/usr/bin/env node
// Wasm SIMD128 vs native vs plain JavaScript, on the same table, in one run:
//   native  `embx bench --json`                      (build/native)
//   wasm    `node --no-liftoff embx-cli.js bench`    (the same C++ compiled to wasm, build/web)
//   JS      the scan a web developer would write over a Float32Array (embx_decode.mjs)
// Also the LLM-sized synthetic table (151,936 x 1,536), natively with 1 and 2 threads too.
// Each side runs --rounds times, alternating, and keeps its best median per kernel, so a
// noisy neighbour on a shared machine does not decide a ratio. Numbers only; nothing is asserted.
//   node bench/wasm_vs_js.mjs [--table T] [--queries N] [--rounds R] [--skip-llm]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeEmbx, jsNeighbors } from './embx_decode.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, dflt) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : dflt; };
const table = arg('--table', path.join(root, 'build/native/assets/glove-6b-100d.embx'));
const queries = Number(arg('--queries', '100'));
const rounds = Number(arg('--rounds', '3'));
const nativeCli = path.join(root, 'build/native/src/embx');
const wasmCli = path.join(root, 'build/web/src/embx-cli.js');

function bench(cmd, args) { return JSON.parse(execFileSync(cmd, args, { maxBuffer: 1 << 26 }).toString()); }
// The first report with every timing replaced by its best over the rounds.
function bestOf(reports) {
  const r = structuredClone(reports[0]);
  const min = (f) => Math.min(...reports.map(f));
  r.read_ms = min((x) => x.read_ms);
  r.kernels.forEach((k, i) => { k.ms_per_query = min((x) => x.kernels[i].ms_per_query); });
  if (r.threads > 1) {
    r.ms_per_query_1_thread = min((x) => x.ms_per_query_1_thread);
    r.ms_per_query_threads = min((x) => x.ms_per_query_threads);
    r.thread_speedup = r.ms_per_query_1_thread / r.ms_per_query_threads;
  }
  return r;
}
// Native, wasm and JS timed in turn, `rounds` times.
function inRounds(nativeArgs, wasmArgs, js) {
  const n = [], w = [], j = [];
  for (let i = 0; i < rounds; ++i) {
    n.push(bench(nativeCli, nativeArgs));
    w.push(bench('node', ['--no-liftoff', wasmCli, ...wasmArgs]));
    j.push(js());
  }
  return [bestOf(n), bestOf(w), Math.min(...j)];
}
function median(xs) { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; }
function best(kernels) { return Math.min(...kernels.map((k) => k.ms_per_query)); }

function jsTiming(t, n) {
  const times = [];
  for (let i = 0; i < n; ++i) {
    const row = Math.floor(Math.random() * Math.min(20000, t.rows));
    const t0 = performance.now();
    jsNeighbors(t, row, 10);
    times.push(performance.now() - t0);
  }
  return median(times);
}

function report(label, native, wasm, jsMs) {
  const n = best(native.kernels), w = best(wasm.kernels);
  console.log(`${label}: ${native.rows} x ${native.dims}, median ms/query, one thread`);
  console.log(`  native read once ${native.read_ms.toFixed(2)} ms; ` +
              native.kernels.map((k) => `${k.kernel} ${k.ms_per_query.toFixed(2)}`).join(', '));
  console.log(`  wasm   read once ${wasm.read_ms.toFixed(2)} ms; ` +
              wasm.kernels.map((k) => `${k.kernel} ${k.ms_per_query.toFixed(2)}`).join(', '));
  console.log(`  plain JS Float32Array loop ${jsMs.toFixed(2)} ms`);
  console.log(`  wasm/native ${(w / n).toFixed(2)}x; plain JS / wasm ${(jsMs / w).toFixed(1)}x`);
  if (native.threads > 1)
    console.log(`  native with ${native.threads} threads ${native.ms_per_query_threads.toFixed(2)} ms ` +
                `(1 thread ${native.ms_per_query_1_thread.toFixed(2)}: ${native.thread_speedup.toFixed(2)}x); ` +
                'wasm threads in Chromium: bench/browser_scan.mjs');
  return { native, wasm, js_ms: jsMs, wasm_over_native: w / n, js_over_wasm: jsMs / w };
}

const out = {};
{
  const t = decodeEmbx(fs.readFileSync(table));
  const args = ['bench', table, '--queries', String(queries), '--json'];
  const [native, wasm, js] = inRounds(args, args, () => jsTiming(t, Math.min(queries, 30)));
  out.glove = report('GloVe', native, wasm, js);
}
if (!process.argv.includes('--skip-llm')) {
  const shape = '151936x1536';
  const rows = 151936, dims = 1536;
  const unit = new Float32Array(rows * dims);
  for (let i = 0; i < unit.length; ++i) unit[i] = Math.random() - 0.5;
  const [native, wasm, js] = inRounds(['bench', '--synthetic', shape, '--queries', '20', '--threads', '2', '--json'],
                                     ['bench', '--synthetic', shape, '--queries', '20', '--json'],
                                     () => jsTiming({ rows, dims, unit }, 5));
  out.llm = report('LLM-sized synthetic', native, wasm, js);
}
if (arg('--out')) fs.writeFileSync(arg('--out'), JSON.stringify(out, null, 2));
