// The explorer's heavier views in headless Chromium, one thread, numbers not asserts:
//  - navigation -> first answerable query, and -> whole table loaded;
//  - the article's graph (k = 20): build time and time to a settled layout;
//  - a 5,000-node graph (250 frequent words x 20 neighbours): build, settle, frame CPU;
//  - PCA of all 341,479 words in wasm, and the frame CPU time with all of them on the map;
//  - t-SNE of the first N words (default 10,000) to 1,000 iterations, run over frames.
//   node bench/browser_views.mjs [--site build/web/site] [--tsne 10000] [--out file.json]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '../tests/e2e/serve.mjs';
import { launch } from '../tests/e2e/browser.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const site = path.resolve(arg('--site', path.join(root, 'build/web/site')));
const tsnePoints = Number(arg('--tsne', 10000));
const out = arg('--out', null);

const server = await serve(site);
const browser = await launch();
const page = await browser.context.newPage();
await page.addInitScript(() => {
  window.EMBX_NO_SERVICE_WORKER = true;
  window.addEventListener('embx:searchable', () => {
    window.embx.neighbors('the', 5);
    window.__firstAnswerMs = performance.now();
  });
  window.addEventListener('embx:loaded', () => { window.__loadedMs = performance.now(); });
});
await page.goto(server.url + 'index.html');
await page.waitForFunction(() => !!(window.embx && window.embx.ready), null, { timeout: 30000 });
await page.evaluate(() => window.embx.ready);
const r = {};
r.first_answer_ms = await page.evaluate(() => window.__firstAnswerMs);
r.loaded_ms = await page.evaluate(() => window.__loadedMs);

async function frameCpu(n = 20) {
  const v = [];
  for (let i = 0; i < n; ++i) {
    await page.mouse.move(200 + (i * 37) % 700, 250 + (i * 53) % 400);
    await page.waitForTimeout(50);
    v.push((await page.evaluate(() => window.embx.info())).frameCpuMs);
  }
  v.sort((a, b) => a - b);
  return { median: v[v.length >> 1], max: v[v.length - 1] };
}

async function graph(text, k) {
  const g = await page.evaluate(([t, kk]) => window.embx.graph(t, kk), [text, k]);
  if (!g.ok) throw new Error(g.error);
  await page.waitForFunction(() => window.embx.graphState().settled, null, { timeout: 120000, polling: 100 });
  const s = await page.evaluate(() => window.embx.graphState());
  return { nodes: s.nodes, edges: s.edges, build_ms: s.buildMs, settle_ms: s.settleMs, iterations: s.iterations,
           layout_cpu_ms: s.layoutCpuMs, frame_cpu_ms: await frameCpu() };
}

r.article_graph = await graph('AI agents will be the most hot topic of artificial intelligence in 2025.', 20);
// 250 words spread over the vocabulary (every 40th of the 10,000 most frequent), so their
// neighbourhoods overlap little: about 5,000 nodes.
const words = await page.evaluate(() => window.embx.neighbors('the', 10000).map((h) => h.word)
  .filter((w, i) => i % 40 === 0 && /^[a-z]+$/.test(w)).join(' '));
r.graph_5000 = await graph(words, 20);

const pca = await page.evaluate(() => window.embx.project({ method: 'pca', dims: 2 }));
r.pca = { points: pca.points, ms: pca.computeMs, explained_variance_ratio: pca.explainedVarianceRatio,
          frame_cpu_ms: await frameCpu() };
const t0 = Date.now();
if (tsnePoints > 0) {
const ts = await page.evaluate((n) => window.embx.project({ method: 'tsne', dims: 2, limit: n }), tsnePoints);
if (!ts.ok) throw new Error(ts.error);
await page.waitForFunction(() => window.embx.mapState().finished, null, { timeout: 600000, polling: 500 });
const done = await page.evaluate(() => window.embx.mapState());
r.tsne = { points: done.points, iterations: done.iteration, compute_s: done.computeMs / 1000,
           wall_s: (Date.now() - t0) / 1000, kl: done.kl };
}
await browser.close();
server.stop();

console.log(`first answerable query ${r.first_answer_ms.toFixed(0)} ms after navigation; table loaded at ${r.loaded_ms.toFixed(0)} ms`);
for (const [name, g] of [['article graph', r.article_graph], ['5,000-node graph', r.graph_5000]])
  console.log(`${name}: ${g.nodes} nodes, ${g.edges} edges; built in ${g.build_ms.toFixed(1)} ms, settled in ` +
              `${g.settle_ms.toFixed(0)} ms (${g.iterations} iterations, ${g.layout_cpu_ms.toFixed(0)} ms layout CPU); ` +
              `frame CPU median ${g.frame_cpu_ms.median.toFixed(1)} ms, max ${g.frame_cpu_ms.max.toFixed(1)} ms`);
console.log(`PCA of ${r.pca.points} words in wasm: ${r.pca.ms.toFixed(0)} ms; frame CPU with all of them on the map: ` +
            `median ${r.pca.frame_cpu_ms.median.toFixed(1)} ms, max ${r.pca.frame_cpu_ms.max.toFixed(1)} ms`);
if (r.tsne) console.log(`t-SNE of ${r.tsne.points} words: ${r.tsne.iterations} iterations in ${r.tsne.compute_s.toFixed(1)} s ` +
            `(wall ${r.tsne.wall_s.toFixed(1)} s), KL ${r.tsne.kl.toFixed(3)}`);
if (out) fs.writeFileSync(out, JSON.stringify(r, null, 1));
