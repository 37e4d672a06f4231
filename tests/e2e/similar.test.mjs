// Find similar in headless chromium (run by scripts/e2e.sh): a reviewer selects an imported
// label on the unit view, clicks "Find similar", lands in that label's queue of similar
// windows (#/similar/<id>) and sees the candidates the server stored (proposed labels with
// source similar:<id>, checked through the API), accepts one with the `a` key (it becomes
// confirmed), and a second search proposes nothing new.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, signedInPage, api as pageApi } from './lib.mjs';

const UNIT = process.env.E2E_UNIT ?? 'unit-0001';
const [USER, PASS] = (process.env.E2E_REVIEWER ?? 'rita:pw-rita').split(':');

let browser;
let page;
const problems = [];

const api = (p, method = 'GET', body = undefined) => pageApi(page, p, method, body);

before(async () => {
  ({ browser, page } = await signedInPage({ user: USER, pass: PASS, viewport: { width: 1500, height: 950 }, problems }));
});

after(async () => {
  await browser?.close();
});

test('Find similar on a label queues candidates that can be accepted with the keyboard', async () => {
  const labels = (await api(`/units/${encodeURIComponent(UNIT)}/labels`)).body.labels;
  const query = labels.find((l) => l.source === 'import' && l.status !== 'superseded');
  assert.ok(query, `${UNIT} has an imported label`);

  await page.goto(`${BASE}/#/units/${encodeURIComponent(UNIT)}?label=${query.id}`);
  await page.waitForSelector('#btn-similar');
  await Promise.all([
    page.waitForResponse((r) => r.url().endsWith(`/api/v1/labels/${query.id}/similar`) && r.request().method() === 'POST'),
    page.click('#btn-similar'),
  ]);
  await page.waitForFunction((id) => location.hash === `#/similar/${id}`, query.id);
  await page.waitForSelector('#similar-list .review-item');

  const queue = (await api(`/labels/${query.id}/similar`)).body;
  assert.ok(queue.candidates.length >= 1, 'the search proposed candidates');
  for (const c of queue.candidates) {
    assert.equal(c.source, `similar:${query.id}`);
    assert.equal(c.category, query.category);
    assert.equal(c.status, 'proposed');
    assert.equal(c.end - c.start, query.end - query.start, 'a window of the label\'s length');
  }
  const shown = await page.$$eval('#similar-list .review-item', (li) => li.map((x) => Number(x.dataset.id)));
  assert.deepEqual(shown, queue.candidates.map((c) => c.id), 'the page lists them, most similar first');
  assert.match(await page.textContent('#similar-progress'), new RegExp(`0 of ${queue.candidates.length} decided`));

  // accept the first candidate with the keyboard
  await page.locator('body').press('a');
  await page.waitForFunction(() => document.querySelector('#similar-list .review-item')?.dataset.status === 'confirmed');
  const first = (await api(`/labels/${queue.candidates[0].id}/history`)).body.history;
  assert.equal(first.at(-1).after.status, 'confirmed');
  assert.match(await page.textContent('#similar-progress'), /^1 of /);

  // idempotent: a second search stores nothing new
  const again = await api(`/labels/${query.id}/similar`, 'POST', {});
  assert.equal(again.status, 200);
  assert.equal(again.body.proposed, 0);
  assert.equal((await api(`/labels/${query.id}/similar`)).body.candidates.length, queue.candidates.length);
  assert.deepEqual(problems, []);
});
