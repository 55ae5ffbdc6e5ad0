// Word2Vec training speed in the page vs natively, same corpus, settings and seed, one thread,
// in turn over --rounds (best words/s of each side kept, so one noisy stretch does not decide):
//   native   embx train CORPUS --threads 1 (AVX2 kernels)
//   isolated the page served with COOP/COEP: the threaded module, training on its own thread
//   plain    a page without them: the single-thread module, training in UI-frame slices
//   node bench/browser_train.mjs [--site build/web/site] [--embx build/native/src/embx]
//        [--model cbow|sg] [--iter 1] [--rounds 2]
// Prints words/s (training only, counting excluded, as `embx train` reports it) and the ratio
// page / native. The page also reports the whole run's seconds (counting and refreshes included).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '../tests/e2e/serve.mjs';
import { flakyServer } from '../tests/e2e/flaky_server.mjs';
import { launch } from '../tests/e2e/browser.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
};
const site = path.resolve(arg('--site', path.join(root, 'build/web/site')));
const embx = path.resolve(arg('--embx', path.join(root, 'build/native/src/embx')));
const model = arg('--model', 'cbow');
const iter = Number(arg('--iter', '1'));
const rounds = Number(arg('--rounds', '2'));
const corpus = path.join(site, 'brown.txt');

// embx train prints "trained: ..., N words in S s: W words/s, W words/s/thread (1 threads)".
function nativeWordsPerSecond() {
  const out = path.join(os.tmpdir(), `embx-bench-train-${process.pid}.vec`);
  const log = execFileSync('sh', ['-c', '"$0" train "$1" -o "$2" --model "$3" --iter "$4" --threads 1 --seed 1 2>&1 >/dev/null',
                                  embx, corpus, out, model, String(iter)], { encoding: 'utf8' });
  fs.rmSync(out, { force: true });
  const m = /(\d+) words\/s\/thread/.exec(log);
  if (!m) throw new Error('no words/s in: ' + log);
  return Number(m[1]);
}

async function pageWordsPerSecond(url) {
  const browser = await launch();
  try {
    const page = await browser.context.newPage();
    await page.addInitScript(() => { window.EMBX_NO_SERVICE_WORKER = true; });
    await page.goto(url + 'index.html');
    await page.waitForFunction(() => window.embx && window.embx.ready, null, { timeout: 60000 });
    await page.evaluate(() => window.embx.ready);
    return await page.evaluate((o) => window.embx.train(o), { model, iter, seed: 1, explore: false });
  } finally {
    await browser.close();
  }
}

const isolated = await serve(site);
const plain = await flakyServer(fs.realpathSync(site), 1 << 30);  // no COOP/COEP headers
const best = { native: 0, isolated: 0, plain: 0 };
const seconds = { isolated: Infinity, plain: Infinity };
try {
  for (let r = 0; r < rounds; ++r) {
    best.native = Math.max(best.native, nativeWordsPerSecond());
    for (const [name, server] of [['isolated', isolated], ['plain', plain]]) {
      const s = await pageWordsPerSecond(server.url);
      best[name] = Math.max(best[name], s.wordsPerSecond);
      seconds[name] = Math.min(seconds[name], s.seconds);
    }
    console.log(`round ${r + 1}: native ${Math.round(best.native)}, isolated ${Math.round(best.isolated)}, ` +
                `plain ${Math.round(best.plain)} words/s (best so far)`);
  }
} finally {
  isolated.stop();
  plain.stop();
}
const k = (x) => `${(x / 1000).toFixed(0)}k`;
console.log(`${model}, ${iter} epoch(s) of the Brown corpus, 1 thread, best of ${rounds}:`);
console.log(`  native (embx train)          ${k(best.native)} words/s`);
console.log(`  page, own thread (isolated)  ${k(best.isolated)} words/s = ${(best.isolated / best.native).toFixed(2)}x native, ` +
            `${seconds.isolated.toFixed(1)} s in all`);
console.log(`  page, frame slices (plain)   ${k(best.plain)} words/s = ${(best.plain / best.native).toFixed(2)}x native, ` +
            `${seconds.plain.toFixed(1)} s in all`);
