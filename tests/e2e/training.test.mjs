// Word2Vec trained in the page (the Classroom tab) in headless Chromium, through
// window.embx.train(): one epoch of the Brown corpus on a cross-origin isolated page (training
// on a thread of its own) and on a plain page (training in UI-frame slices). One part and one
// seed: both pages must train the same model (same loss, same neighbours). The model becomes
// the explorer's table and answers queries; pause holds, resume goes on, stop keeps a usable
// model; a file that is not UTF-8 and bad parameters give messages. Words/s are printed (the
// benchmark is bench/browser_train.mjs), not asserted.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { serve } from './serve.mjs';
import { flakyServer } from './flaky_server.mjs';
import { launch } from './browser.mjs';

const siteDir = process.env.EMBX_SITE_DIR;
const cleanups = [];
after(async () => { for (const f of cleanups.reverse()) await f(); });

async function openExplorer(url) {
  const browser = await launch();
  cleanups.push(() => browser.close());
  const page = await browser.context.newPage();
  await page.addInitScript(() => { window.EMBX_NO_SERVICE_WORKER = true; });
  await page.goto(url + 'index.html');
  await page.waitForFunction(() => window.embx && window.embx.ready, null, { timeout: 60000 });
  await page.evaluate(() => window.embx.ready);
  return page;
}

const OPTIONS = { model: 'cbow', iter: 1, seed: 7, watch: ['money', 'three', 'nosuchwordhere'] };
const trained = {};

async function trainOneEpoch(page, isolated) {
  assert.equal(await page.evaluate(() => self.crossOriginIsolated), isolated);
  const s = await page.evaluate((o) => window.embx.train(o), OPTIONS);
  assert.equal(s.phase, 'finished');
  assert.equal(s.background, isolated);  // its own thread where threads exist
  assert.equal(s.corpus, 'brown');
  assert.ok(s.corpusWords > 1.1e6, `corpus words ${s.corpusWords}`);
  assert.equal(s.wordsDone, s.corpusWords);  // one epoch
  assert.equal(s.wordsTotal, s.corpusWords);
  assert.ok(s.vocabulary > 10000, `vocabulary ${s.vocabulary}`);
  assert.ok(s.lossCurve.length >= 2, 'loss curve');
  assert.ok(s.lossCurve.at(-1) < s.lossCurve[0], `loss ${s.lossCurve[0]} -> ${s.lossCurve.at(-1)}`);
  assert.deepEqual(s.watched.map((w) => [w.word, w.known]), [['money', true], ['three', true], ['nosuchwordhere', false]]);
  assert.equal(s.watched[0].neighbours.length, 5);
  // The model is the explorer's table now, and answers like any other.
  const info = await page.evaluate(() => window.embx.info());
  assert.match(info.name, /^Word2Vec CBOW on the Brown corpus/);
  assert.equal(info.rows, s.vocabulary);
  assert.equal(info.dims, 100);
  assert.equal(info.dtype, 'f32');
  const money = await page.evaluate(() => window.embx.neighbors('money', 10));
  assert.equal(money.length, 10);
  const sum = await page.evaluate(() => window.embx.query('three + four', 5));
  assert.equal(sum.length, 5);
  console.log(`# ${isolated ? 'isolated page, own thread' : 'plain page, frame slices'}: ` +
              `${Math.round(s.wordsPerSecond)} words/s training, ${s.seconds.toFixed(2)} s in all, ` +
              `vocabulary ${s.vocabulary}, mean loss ${s.meanLoss.toFixed(4)}`);
  return { loss: s.meanLoss, money, watched: s.watched };
}

test('an isolated page trains one epoch of the Brown corpus on its own thread', async () => {
  const server = await serve(siteDir);
  cleanups.push(() => server.stop());
  const page = await openExplorer(server.url);
  trained.isolated = await trainOneEpoch(page, true);

  // Pause holds, resume goes on, stop keeps a usable model (5 epochs: time to act midway).
  await page.evaluate(() => { window.embx.train({ iter: 5, seed: 3 }).catch(() => {}); });
  await page.waitForFunction(() => window.embx.trainState().wordsDone > 0, null, { timeout: 30000 });
  await page.evaluate(() => window.embx.pauseTraining());
  await page.waitForTimeout(100);  // a slice under way ends
  const paused = await page.evaluate(() => window.embx.trainState());
  assert.equal(paused.phase, 'paused');
  await page.waitForTimeout(500);
  assert.equal((await page.evaluate(() => window.embx.trainState())).wordsDone, paused.wordsDone);
  await page.evaluate(() => window.embx.resumeTraining());
  await page.waitForFunction((n) => window.embx.trainState().wordsDone > n, paused.wordsDone, { timeout: 30000 });
  await page.evaluate(() => window.embx.stopTraining());
  const stopped = await page.evaluate(() => window.embx.trainState());
  assert.equal(stopped.phase, 'stopped');
  assert.ok(stopped.wordsDone < stopped.wordsTotal);
  assert.equal(await page.evaluate(() => window.embx.exploreTrained()), true);
  const info = await page.evaluate(() => window.embx.info());
  assert.match(info.name, /^Word2Vec CBOW/);
  assert.equal((await page.evaluate(() => window.embx.neighbors('money', 3))).length, 3);
  // One step explained on the stopped model, with its numbers.
  const step = await page.evaluate(() => window.embx.explainStep('the man spent the money in the city', 4));
  assert.match(step, /money/);
  assert.match(step, /CBOW/i);
  await assert.rejects(page.evaluate(() => window.embx.explainStep('the zzqqxx word', 1)), /zzqqxx/);
  const snap = await page.evaluate(() => { window.embx.setTab('classroom'); return window.embx.snapshot(); });
  assert.equal(snap.classroomSection, 'word2vec');
  assert.match(snap.training.summary, /^Word2Vec cbow on brown: stopped, \d+% of [\d,]+ words/);
  assert.match(snap.summary, /^Word2Vec cbow on brown: stopped/);
  // The text view's Word2Vec part: the run's summary, its buttons, the watched words' neighbours.
  const region = page.getByRole('main', { name: 'Embedding Explorer, text view' }).getByRole('region', { name: 'Word2Vec' });
  await region.getByText(/^Word2Vec cbow on brown: stopped/).waitFor({ state: 'attached', timeout: 5000 });
  assert.equal(await region.getByRole('button', { name: 'Resume' }).isDisabled(), true);
  assert.equal(await region.getByRole('button', { name: /^Train Word2Vec/ }).isDisabled(), false);
  const row = region.getByRole('row', { name: /^money / });
  assert.match(await row.textContent(), /^money.+ \d\.\d\d/);
  // Two corpus parts on two threads at once (Hogwild, as embx train --threads 2).
  const two = await page.evaluate(() => window.embx.train({ iter: 1, threads: 2, explore: false }));
  assert.equal(two.phase, 'finished');
  assert.equal(two.wordsDone, two.wordsTotal);
  assert.ok(two.meanLoss < 3.5, `mean loss ${two.meanLoss}`);
  console.log(`# isolated page, 2 threads: ${Math.round(two.wordsPerSecond)} words/s`);
});

test('a plain page trains the same model in UI-frame slices', async () => {
  const server = await flakyServer(fs.realpathSync(siteDir), 1 << 30);  // no COOP/COEP: no threads
  cleanups.push(() => server.stop());
  const page = await openExplorer(server.url);
  trained.single = await trainOneEpoch(page, false);
  assert.ok(trained.isolated, 'the isolated page must have trained');
  assert.equal(trained.single.loss, trained.isolated.loss);
  assert.deepEqual(trained.single.money, trained.isolated.money);
  assert.deepEqual(trained.single.watched, trained.isolated.watched);

  // Bad input: a parameter out of range, a corpus file that is not UTF-8, a typed text.
  await assert.rejects(page.evaluate(() => window.embx.train({ size: 0 })), /size must be between 1 and 10000/);
  await assert.rejects(page.evaluate(() => window.embx.train({ window: 'wide' })), /window must be a number/);
  await assert.rejects(page.evaluate(() => window.embx.train({ threads: 2 })), /threads must be at most 1 here/);
  await page.setInputFiles('input[accept=".txt,text/plain"]',
                           { name: 'latin1.txt', mimeType: 'text/plain', buffer: Buffer.from('caf\xe9 au lait\n', 'latin1') });
  await page.waitForFunction(() => window.embx.trainState().selected === 'latin1.txt', null, { timeout: 10000 });
  await assert.rejects(page.evaluate(() => window.embx.train({ corpus: 'latin1.txt', minCount: 1 })),
                       /latin1\.txt: byte 3: not UTF-8/);
  // The model trained before is still the table.
  assert.match((await page.evaluate(() => window.embx.info())).name, /^Word2Vec CBOW on the Brown corpus/);
  const typed = await page.evaluate(() => window.embx.train({
    text: 'the cat sat on the mat\nthe dog sat on the rug\n'.repeat(50), minCount: 1, size: 8, iter: 2, watch: ['cat'],
  }));
  assert.equal(typed.phase, 'finished');
  assert.equal(typed.corpus, 'text');
  assert.equal(typed.vocabulary, 8);  // </s> and 7 words
  assert.equal((await page.evaluate(() => window.embx.info())).rows, 8);
});
