// Memory, numbers not asserts (issue 19):
//  - natively: peak RSS of `embx info` on the default table (reads and indexes it all) against
//    the file's size, less the RSS of a run that loads nothing;
//  - in headless Chromium: the wasm heap's top (sbrk, never lowered: the high-water mark) after
//    the default table has loaded, against the file's size, less the heap before any table;
//  - a soak: rounds of API queries, tab switches, graph builds, t-SNE starts and stops and table
//    reloads; the heap in use (top less malloc's free bytes) after each round: growth after the
//    first rounds would be a leak.
//   node bench/memory_soak.mjs [--site build/web/site] [--embx build/native/src/embx] [--rounds 8]
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { serve } from '../tests/e2e/serve.mjs';
import { launch } from '../tests/e2e/browser.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const site = path.resolve(arg('--site', path.join(root, 'build/web/site')));
const embx = path.resolve(arg('--embx', path.join(root, 'build/native/src/embx')));
const rounds = Number(arg('--rounds', 8));
const TABLE = 'glove-6b-100d.embx';
const tableBytes = fs.statSync(path.join(site, TABLE)).size;
const MB = (b) => (b / 1e6).toFixed(1) + ' MB';

// Peak RSS in bytes of a command (GNU time's %M is in KB).
function peakRss(args) {
  const r = spawnSync('/usr/bin/time', ['-f', '%M', embx, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.status !== 0) throw new Error(`embx ${args.join(' ')}: ${r.stderr}`);
  return Number(String(r.stderr).trim().split('\n').pop()) * 1024;
}
const nativeBase = peakRss(['--help']);
const nativePeak = peakRss(['info', path.join(site, TABLE)]);
console.log(`native: peak RSS ${MB(nativePeak)} (${MB(nativeBase)} without a table) for a ${MB(tableBytes)} file: ` +
            `${((nativePeak - nativeBase) / tableBytes).toFixed(2)}x its size`);

const server = await serve(site);
const browser = await launch();
const page = await browser.context.newPage();
await page.addInitScript(() => {
  window.EMBX_NO_SERVICE_WORKER = true;
  window.__heapAtStart = null;
  window.addEventListener('embx:started', () => { window.__heapAtStart = window.embx.info().heapBytes; });
});
await page.goto(server.url + 'index.html');
await page.waitForFunction(() => !!(window.embx && window.embx.ready), null, { timeout: 60000 });
await page.evaluate(() => window.embx.ready);
const loaded = await page.evaluate(() => ({ heap: window.embx.info().heapBytes, start: window.__heapAtStart,
                                            inUse: window.embx.info().heapInUse }));
console.log(`page: wasm heap top ${MB(loaded.heap)} after loading (${MB(loaded.start || 0)} when the module started): ` +
            `${((loaded.heap - (loaded.start || 0)) / tableBytes).toFixed(2)}x the file; in use now ${MB(loaded.inUse)}`);

const words = ['king', 'queen', 'paris', 'cat', 'computer', 'river', 'bank', 'music', 'science', 'france'];
const heaps = [];
const t0 = Date.now();
for (let r = 0; r < rounds; ++r) {
  await page.evaluate(async ({ words, r }) => {
    const e = window.embx;
    for (let i = 0; i < 500; ++i) {
      e.neighbors(words[i % words.length], 10 + (i % 50));
      e.query(`${words[i % 10]} - ${words[(i + 3) % 10]} + ${words[(i + 5) % 10]}`, 10);
    }
    for (const tab of ['search', 'arithmetic', 'vector', 'tokens', 'graph', 'map', 'classroom', 'table', 'search']) {
      e.setTab(tab);
      await new Promise((res) => requestAnimationFrame(res));
    }
    for (let i = 0; i < 5; ++i) e.graph(words.slice(i, i + 4).join(' '), 20);
    e.project({ method: 'tsne', limit: 2000 });
    for (let i = 0; i < 10; ++i) await new Promise((res) => requestAnimationFrame(res));
    e.project({ method: 'pca', limit: 5000 });  // replaces (stops) the t-SNE run
    if (r % 2 === 1) await e.load('glove-6b-100d.embx');
  }, { words, r });
  const h = await page.evaluate(() => ({ top: window.embx.info().heapBytes, inUse: window.embx.info().heapInUse }));
  heaps.push(h.inUse);
  console.log(`round ${r + 1}: 1,000 queries, 9 tab switches, 5 graphs, a t-SNE started and stopped` +
              `${r % 2 === 1 ? ', a reload' : ''}: heap top ${MB(h.top)}, in use ${MB(h.inUse)}`);
}
// Right after a reload the previous table is still referenced until the views move on (the
// next round frees it), so rounds with and without a reload are compared among themselves.
const plain = heaps.filter((_, r) => r % 2 === 0), reload = heaps.filter((_, r) => r % 2 === 1);
const list = (xs) => xs.map((x) => (x / 1e6).toFixed(1)).join(', ');
console.log(`soak: ${rounds} rounds in ${((Date.now() - t0) / 1000).toFixed(0)} s; heap in use (MB) after rounds ` +
            `without a reload: ${list(plain)}; right after a reload: ${list(reload)}; growth from the second ` +
            `of each kind to the last: ${MB(plain[plain.length - 1] - plain[Math.min(1, plain.length - 1)])}, ` +
            `${MB(reload[reload.length - 1] - reload[Math.min(1, reload.length - 1)])}`);
await browser.close();
server.stop();
