// The article's model in the page: a random-weight Qwen2 of DeepSeek-R1-Distill-Qwen-1.5B's
// exact shape (bench/make_qwen_1_5b.py, 3.5 GB of BF16) opened as int8 through the Context
// tab's folder picker in headless Chromium, then one 16-token sentence's hidden states for
// all 28 layers on one thread (and on two on a cross-origin isolated page), beside the native
// CLI on the same folder and the time to read the weights once there. Numbers only.
//   node bench/browser_big_model.mjs [--model build/bench-qwen-1.5b] [--site build/web/site] [--runs 3]
//        [--packed]   the folder packed as int8 by embx convert-model (BUILT/<model>-i8.embxm) and
//                     opened through the table's file picker instead
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '../tests/e2e/serve.mjs';
import { launch } from '../tests/e2e/browser.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, dflt) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : dflt; };
const site = path.resolve(arg('--site', path.join(root, 'build/web/site')));
const model = path.resolve(arg('--model', path.join(root, 'build/bench-qwen-1.5b')));
const runs = Number(arg('--runs', 3));
if (!fs.existsSync(path.join(model, 'config.json')))
  execFileSync('/usr/bin/python3', [path.join(root, 'bench/make_qwen_1_5b.py'), model], { stdio: 'inherit' });
const cli = path.join(root, 'build/native/src/embx');
let opened = model, picker = '#model-picker';
if (process.argv.includes('--packed')) {
  opened = `${model}-i8.embxm`;
  picker = '#table-picker';
  if (!fs.existsSync(opened)) {
    const t = Date.now();
    execFileSync(cli, ['convert-model', model, '-o', opened, '--dtype', 'i8'], { stdio: 'inherit' });
    console.log(`packed with embx convert-model --dtype i8 in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
  console.log(`opening ${opened} (${(fs.statSync(opened).size / 1e9).toFixed(2)} GB)`);
}
const ids = Array.from({ length: 16 }, (_, i) => 1000 + ((i * 7919) % 150000));

const server = await serve(site);
const browser = await launch();
try {
  const page = await browser.context.newPage();
  page.on('crash', () => console.log('page: crashed'));
  await page.addInitScript(() => { window.EMBX_NO_SERVICE_WORKER = true; });
  await page.goto(server.url + 'index.html#tab=context');
  await page.waitForFunction(() => !!(window.embx && window.embx.ready), null, { timeout: 60000 });
  await page.evaluate(() => window.embx.ready);
  await page.evaluate(() => window.embx.context({ int8: true }));
  const t0 = Date.now();
  const loaded = page.evaluate(() => new Promise((resolve, reject) => {
    window.addEventListener('embx:model-loaded', (e) => resolve(e.detail), { once: true });
    window.addEventListener('embx:error', (e) => reject(new Error(e.detail.message)), { once: true });
  }));
  await page.setInputFiles(picker, opened);
  const ev = await loaded;
  console.log(`loaded as int8 in ${((Date.now() - t0) / 1000).toFixed(1)} s ` +
              `(${(ev.bytesRead / 1e9).toFixed(2)} GB: ${(ev.readMs / 1000).toFixed(1)} s waiting for the file's bytes, ` +
              `${(ev.deliverMs / 1000).toFixed(1)} s converting them in wasm); ` +
              `wasm memory ${(await page.evaluate(() => window.embx.info().heapBytes || 0) / 2 ** 30).toFixed(2)} GB`);
  const threads = await page.evaluate(() => (self.crossOriginIsolated ? 2 : 1));
  for (let t = 1; t <= threads; ++t) {
    const ms = [];
    for (let i = 0; i <= runs; ++i) {
      const r = await page.evaluate(({ ids, t }) => {
        const h = window.embx.hidden('', { ids, threads: t, layers: [28] });
        return { ms: h.ms, layers: h.layers.length };
      }, { ids, t });
      if (i > 0) ms.push(r.ms);
    }
    ms.sort((a, b) => a - b);
    console.log(`wasm in Chromium, ${t} thread${t > 1 ? 's' : ''}: 16 tokens, 29 hidden states: ${ms[ms.length >> 1].toFixed(0)} ms (median of ${runs})`);
  }
} finally {
  await browser.close().catch(() => {});
  server.stop();
}
if (fs.existsSync(cli)) {
  const r = spawnSync(cli, ['hidden', opened, '--ids', ids.join(','), '--dtype', 'i8', '--repeat', '5', '--layer', '28'],
                      { stdio: ['ignore', 'ignore', 'pipe'] });
  console.log(`native (${cli}):\n${String(r.stderr).trim()}`);
}
