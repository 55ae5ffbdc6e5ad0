// The README's pictures: headless Chromium (playwright-core) through every tab of the built
// explorer with the default table, one PNG per shot.
//   node scripts/screenshots.mjs [--site build/web/site] [--out docs/images]
//   node scripts/screenshots.mjs --check [--site ...]   (what tests/docs/readme_images runs)
// --check writes the shots into a temporary folder and fails when the README names an image
// this script does not make, or when a committed image no longer looks like what the current
// build draws (more than MAX_CHANGED of its pixels differ): the pictures must stay true.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '../tests/e2e/serve.mjs';
import { launch } from '../tests/e2e/browser.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const IMAGES = 'docs/images';
const MAX_CHANGED = 0.03;  // status text (load times) and caret blinking differ between runs
const VIEWPORT = { width: 1200, height: 760 };

// One entry per picture: the tab, and how to bring it into the state shown.
export const SHOTS = [
  { file: 'search.png', what: 'Search: the nearest neighbours of "king"',
    show: (embx) => { embx.setTab('search'); embx.setQuery('king'); } },
  { file: 'arithmetic.png', what: 'Arithmetic: italy - rome + london',
    show: (embx) => { embx.setTab('arithmetic'); embx.setQuery('italy - rome + london'); } },
  { file: 'vector.png', what: 'Vector: the 100 numbers of "king" and their heat strip',
    show: (embx) => { embx.setTab('vector'); embx.setQuery('king'); } },
  { file: 'graph.png', what: "Graph: the article's sentence, each word linked to its 20 nearest words",
    show: (embx) => embx.graph('AI agents will be the most hot topic of artificial intelligence in 2025.', 20),
    ready: (embx) => embx.graphState().settled },
  { file: 'map.png', what: 'Map: PCA of all 341,479 words, "king" and its neighbours highlighted',
    show: (embx) => { embx.project({ method: 'pca', dims: 2 }); embx.setQuery('king'); } },
  { file: 'table.png', what: 'Table: the loaded table, its metadata and the file formats it reads',
    show: (embx) => embx.setTab('table') },
  // The token table the page ships (the Tokens tab needs a table with a tokenizer).
  { file: 'tokens.png', what: "Tokens: the article's sentence in DeepSeek-R1-Distill-Qwen's tokens, with the BOS",
    show: async (embx) => { await embx.load('qwen-tokens-sg64.embx'); embx.setTab('tokens');
                            embx.setQuery('HTML coders are not considered programmers'); embx.selectToken(2); },
    ready: (embx) => embx.snapshot().tokens.neighbours.length > 0 },
  // A random-weight BERT in Hugging Face layout (tests/models/make_models.py: no real weights
  // can be downloaded here), chosen in the tab's folder picker as a user would.
  { file: 'context.png', what: 'Context: "bank" in two sentences, layer by layer, in a BERT model opened from its folder',
    prepare: async (page) => {
      const out = fs.mkdtempSync(path.join(os.tmpdir(), 'embx-shot-model-'));
      execFileSync('/usr/bin/python3', [path.join(root, 'tests/models/make_models.py'), '--out', out, '--only', 'bert-f32'],
                   { stdio: 'ignore' });
      await page.evaluate(() => window.embx.setTab('context'));
      await page.setInputFiles('#model-picker', path.join(out, 'bert-f32'));
    },
    show: (embx) => embx.setTab('context'),
    ready: (embx) => { const c = embx.contextState(); return c.hasModel && !c.running && c.cosines.length > 0; } },
  // Last: training takes a few seconds (the trained model is not explored: explore false).
  { file: 'word2vec.png', what: 'Classroom: Word2Vec (CBOW) trained in the page on the Brown corpus, 3 epochs',
    show: async (embx) => { await embx.train({ iter: 3, explore: false }); embx.setTab('classroom'); },
    ready: (embx) => embx.trainState().phase === 'finished' },
];

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

export async function takeShots(siteDir, outDir) {
  fs.mkdirSync(outDir, { recursive: true });
  const server = await serve(siteDir);
  const browser = await launch({ viewport: VIEWPORT });
  try {
    const page = await browser.context.newPage();
    await page.goto(server.url + 'index.html');
    await page.waitForFunction(() => window.embx && window.embx.ready, null, { timeout: 60000 });
    await page.evaluate(() => window.embx.ready);
    for (const shot of SHOTS) {
      if (shot.prepare) await shot.prepare(page);
      await page.evaluate(`(${shot.show})(window.embx)`);
      // Polled from here: waitForFunction with a string would compile it in the page with
      // new Function, which the page's security policy refuses.
      for (const t0 = Date.now(); shot.ready && !(await page.evaluate(`(${shot.ready})(window.embx)`));) {
        if (Date.now() - t0 > 60000) throw new Error(`${shot.file}: not ready after 60 s`);
        await new Promise((r) => setTimeout(r, 200));
      }
      // A few frames for the view to draw what was asked (results arrive a frame later).
      const frames = await page.evaluate(() => window.embx.info().frames);
      await page.waitForFunction((f) => window.embx.info().frames > f + 5, frames, { timeout: 30000 });
      await page.locator('#canvas').screenshot({ path: path.join(outDir, shot.file) });
      console.log(`${shot.file}: ${shot.what}`);
    }
  } finally {
    await browser.close();
    server.stop();
  }
}

// The share of pixels that differ (any channel by more than 24 of 255) between two PNGs,
// decoded in the page; 1 when the sizes differ.
async function changedShare(page, a, b) {
  return page.evaluate(async ([a64, b64]) => {
    const decode = async (b64s) => {
      const bytes = Uint8Array.from(atob(b64s), (c) => c.charCodeAt(0));
      const bmp = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
      const c = new OffscreenCanvas(bmp.width, bmp.height);
      const g = c.getContext('2d');
      g.drawImage(bmp, 0, 0);
      return { w: bmp.width, h: bmp.height, d: g.getImageData(0, 0, bmp.width, bmp.height).data };
    };
    const [x, y] = [await decode(a64), await decode(b64)];
    if (x.w !== y.w || x.h !== y.h) return 1;
    let changed = 0;
    for (let i = 0; i < x.d.length; i += 4)
      if (Math.abs(x.d[i] - y.d[i]) > 24 || Math.abs(x.d[i + 1] - y.d[i + 1]) > 24 || Math.abs(x.d[i + 2] - y.d[i + 2]) > 24)
        ++changed;
    return changed / (x.w * x.h);
  }, [a.toString('base64'), b.toString('base64')]);
}

// Images the README shows from docs/images/.
export function readmeImages() {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  return [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]);
}

async function check(siteDir) {
  const problems = [];
  const produced = new Set(SHOTS.map((s) => `${IMAGES}/${s.file}`));
  const named = readmeImages();
  if (!named.length) problems.push('the README shows no image');
  for (const img of named)
    if (!produced.has(img)) problems.push(`the README shows ${img}, which scripts/screenshots.mjs does not make`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'embx-shots-'));
  await takeShots(siteDir, tmp);
  const browser = await launch();
  try {
    const page = await browser.context.newPage();
    for (const shot of SHOTS) {
      const committed = path.join(root, IMAGES, shot.file);
      if (!fs.existsSync(committed)) {
        problems.push(`${IMAGES}/${shot.file} is not committed (run scripts/screenshots.sh)`);
        continue;
      }
      const share = await changedShare(page, fs.readFileSync(committed), fs.readFileSync(path.join(tmp, shot.file)));
      console.log(`${shot.file}: ${(100 * share).toFixed(2)}% of the pixels differ from the committed image`);
      if (share > MAX_CHANGED)
        problems.push(`${IMAGES}/${shot.file} no longer shows what the build draws (${(100 * share).toFixed(1)}% ` +
                      `of its pixels differ; fresh shot in ${tmp}); run scripts/screenshots.sh`);
    }
  } finally {
    await browser.close();
  }
  for (const p of problems) console.error('FAIL: ' + p);
  if (!problems.length) fs.rmSync(tmp, { recursive: true, force: true });
  return problems.length ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const siteDir = path.resolve(arg('--site', path.join(root, 'build/web/site')));
  if (process.argv.includes('--check')) {
    process.exitCode = await check(siteDir);
  } else {
    await takeShots(siteDir, path.resolve(arg('--out', path.join(root, IMAGES))));
  }
}
