// Review on the plot (issue 16, Deliver 2), with the keyboard only once the unit view is open
// with a run: ] moves the cursor to a review item and the plot window to it, a accepts a
// candidate, x decides another, U undoes the last decision (checked against the API's
// decisions), and a reload of the URL opens the same view at the same item; a decision made in
// the queue shows there as decided and U undoes it. Leaves the run's
// review decisions as it found them. Run by scripts/e2e.sh (same server and workspace).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ART, BASE, RUN, signedInPage, api, waitPlots, viewRange } from './lib.mjs';

let browser, page;
const problems = [];
before(async () => { ({ browser, page } = await signedInPage({ problems })); });
after(async () => { await browser?.close(); });

const cur = () => page.$eval('#plot-review-list li.current', (li) => ({ key: li.dataset.key, kind: li.dataset.kind, state: li.dataset.state }));
const decisions = async () => (await api(page, `/runs/${RUN}/review/decisions?limit=500`)).body.decisions;

// A label no alarm overlaps on `unit`: a "missed" item of the run's queue.
async function missedLabel(unit) {
  const u = (await api(page, `/units/${encodeURIComponent(unit)}`)).body;
  for (let hr = 30; hr < 150; hr += 5) {
    const start = u.start + hr * 3600_000;
    const made = await api(page, '/labels', 'POST', { unit_id: unit, start, end: start + 60_000, category: 'sensor_fault' });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    if ((await api(page, `/runs/${RUN}/review`)).body.items.some((i) => i.key === `m${made.body.id}`)) return made.body;
  }
  throw new Error('no place without alarms for a missed label');
}

fs.mkdirSync(ART, { recursive: true });

test('review on the plot: next item, accept, decide, undo, reload at the same item — keyboard only', async () => {
  assert.ok(RUN, 'scripts/e2e.sh sets E2E_RUN_ID');
  const q = (await api(page, `/runs/${RUN}/review`)).body;
  const byUnit = new Map();
  for (const it of q.items) byUnit.set(it.unit_id, [...(byUnit.get(it.unit_id) ?? []), it]);
  const withCandidate = [...byUnit].filter(([, its]) => its.some((i) => i.kind === 'candidate')).sort((a, b) => b[1].length - a[1].length);
  assert.ok(withCandidate.length, `the run has review candidates: ${JSON.stringify(q.progress)}`);
  const unit = withCandidate[0][0];
  if (byUnit.get(unit).length < 2) await missedLabel(unit);
  const before = new Set((await decisions()).map((d) => d.key));

  await page.goto(`${BASE}/#/units/${encodeURIComponent(unit)}?run=${RUN}`);
  await waitPlots(page);
  await page.waitForSelector('#plot-review-list li');
  const full = await viewRange(page);
  // the panel lists exactly this unit's open items of the run, in time order, and the unit's
  // decided ones (decided earlier in the queue by other tests)
  const open = (await api(page, `/runs/${RUN}/review`)).body.items.filter((i) => i.unit_id === unit).sort((a, b) => a.start - b.start || a.end - b.end);
  assert.deepEqual(await page.$$eval('#plot-review-list li[data-state="open"]', (lis) => lis.map((li) => li.dataset.key)), open.map((i) => i.key));
  const decidedHere = (await api(page, `/runs/${RUN}/review/decisions?limit=500&unit=${encodeURIComponent(unit)}`)).body.decisions.map((d) => d.key);
  assert.deepEqual(new Set(await page.$$eval('#plot-review-list li[data-state="decided"]', (lis) => lis.map((li) => li.dataset.key))), new Set(decidedHere));

  // ] until the cursor is on a candidate: the plot window moves to contain the item
  let c = null;
  for (let i = 0; i < 200; i++) {
    await page.keyboard.press(']');
    const k = await cur();
    if (k.kind === 'candidate' && k.state === 'open') { c = k; break; }
  }
  assert.ok(c, 'a candidate reached with ]');
  const item = q.items.find((i) => i.key === c.key);
  await page.waitForFunction(([a, b]) => { const p = document.querySelector('#plots'); return Number(p.dataset.viewMin) <= a && Number(p.dataset.viewMax) >= b; }, [item.start, item.end]);
  const v = await viewRange(page);
  assert.ok(v[1] - v[0] < full[1] - full[0], `zoomed to the item: ${v} within ${full}`);
  // the unit's threshold as a line on the score plot, the value the API gives
  const thr = (await api(page, `/runs/${RUN}/units/${encodeURIComponent(unit)}/alarms`)).body.threshold;
  assert.equal(typeof thr, 'number');
  await page.waitForSelector('#plots .score-plot .threshold-line');
  assert.equal(Number(await page.$eval('#plots .score-plot .threshold-line', (e) => e.dataset.threshold)), thr);
  assert.match(await page.textContent('#plots .score-plot .u-legend'), /threshold/, 'the threshold is a series of the score plot');
  assert.equal(await page.$eval('#plot-review-queue-link', (a) => a.getAttribute('href')), `#/review/${RUN}?item=${c.key}`);

  // a accepts the candidate (a confirmed label), and the cursor moves on to another open item
  await Promise.all([
    page.waitForResponse((r) => r.url().includes(`/review/${c.key}`) && r.request().method() === 'POST' && r.status() === 200),
    page.keyboard.press('a'),
  ]);
  await page.waitForFunction((k) => document.querySelector(`#plot-review-list li[data-key="${k}"]`)?.dataset.state === 'decided', c.key);
  await page.waitForFunction((k) => { const li = document.querySelector('#plot-review-list li.current'); return li && li.dataset.key !== k && li.dataset.state === 'open'; }, c.key);
  const other = await cur();
  await page.screenshot({ path: path.join(ART, 'review-plot.png') });
  // x decides it: a candidate is rejected; a missed label is "wrong" after a confirmation (Enter)
  const posted = page.waitForResponse((r) => r.url().includes(`/review/${other.key}`) && r.request().method() === 'POST' && r.status() === 200);
  await page.keyboard.press('x');
  if (other.kind === 'missed') {
    await page.waitForSelector('#confirm-reject-dialog');
    await page.keyboard.press('Enter');
  }
  await posted;
  let d = await decisions();
  assert.equal(d.find((x) => x.key === c.key)?.decision, 'accept');
  assert.equal(d.find((x) => x.key === other.key)?.decision, 'reject');

  // U undoes the last decision: gone from the API's decisions, the accept kept, the item open again
  await Promise.all([
    page.waitForResponse((r) => r.url().includes(`/review/${other.key}`) && r.request().method() === 'DELETE' && r.status() === 200),
    page.keyboard.press('U'),
  ]);
  d = await decisions();
  assert.ok(!d.some((x) => x.key === other.key), 'the undone decision is gone');
  assert.equal(d.find((x) => x.key === c.key)?.decision, 'accept');
  await page.waitForFunction((k) => { const li = document.querySelector('#plot-review-list li.current'); return li?.dataset.key === k && li.dataset.state === 'open'; }, other.key);

  // the URL holds the item: a reload opens the same view at the same item
  await page.waitForFunction((k) => location.hash.includes(`item=${encodeURIComponent(k)}`), other.key);
  const url = page.url();
  const view = await viewRange(page);
  await page.reload();
  await waitPlots(page);
  await page.waitForSelector('#plot-review-list li.current');
  assert.equal((await cur()).key, other.key);
  assert.equal(await page.$eval('#run-select', (s) => s.value), RUN);
  const after2 = await viewRange(page);
  assert.ok(Math.abs(after2[0] - view[0]) <= 1000 && Math.abs(after2[1] - view[1]) <= 1000, `same window after reload: ${view} vs ${after2}`);
  assert.equal(page.url(), url);

  // clean up for the later tests: the accept undone as well
  assert.equal((await api(page, `/runs/${RUN}/review/${c.key}`, 'DELETE')).status, 200);
  assert.deepEqual(new Set((await decisions()).map((x) => x.key)), before);
  assert.deepEqual(problems, []);
});

test('a decision made in the queue shows as decided on the plot and U undoes it there', async () => {
  // decided through the API as the queue page does, before the unit view opens
  const q = (await api(page, `/runs/${RUN}/review`)).body;
  const it = q.items.find((i) => i.kind === 'candidate');
  assert.ok(it, 'the run has an open candidate');
  const before = new Set((await decisions()).map((d) => d.key));
  assert.equal((await api(page, `/runs/${RUN}/review/${it.key}`, 'POST', { decision: 'reject' })).status, 200);

  await page.goto(`${BASE}/#/units/${encodeURIComponent(it.unit_id)}?run=${RUN}`);
  await waitPlots(page);
  const li = `#plot-review-list li[data-key="${it.key}"]`;
  await page.waitForSelector(li);
  assert.equal(await page.$eval(li, (e) => e.dataset.state), 'decided');
  assert.match(await page.textContent(`${li} .state`), /decided: rejected/);
  // U takes back the newest decision of mine on this unit: that one, made in the queue
  await Promise.all([
    page.waitForResponse((r) => r.url().includes(`/review/${it.key}`) && r.request().method() === 'DELETE' && r.status() === 200),
    page.keyboard.press('U'),
  ]);
  await page.waitForFunction((s) => document.querySelector(s)?.dataset.state === 'open', li);
  assert.deepEqual(new Set((await decisions()).map((d) => d.key)), before);
  assert.deepEqual(problems, []);
});
