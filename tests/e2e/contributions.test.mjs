// Per-channel contributions on the plot (issue 16, Deliver 2): with a run whose detector writes
// score channels (scripts/e2e.sh's small self_supervised run, E2E_CONTRIB_RUN_ID), moving to an
// alarm candidate with ] lists the alarm's contributions largest first, the first the API's;
// the top channels' series are plotted under the score (data in the legend under the cursor)
// and the plot can be switched off and on; the alarm's band names its top channel. A run of a
// detector without score channels shows none. Decides nothing. Run by scripts/e2e.sh, before
// similar.test.mjs (node runs the files in name order), whose proposals cover the run's alarms.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ART, BASE, RUN, signedInPage, api, waitPlots } from './lib.mjs';

const CONTRIB_RUN = process.env.E2E_CONTRIB_RUN_ID ?? '';

let browser, page;
const problems = [];
before(async () => { if (CONTRIB_RUN) ({ browser, page } = await signedInPage({ problems })); });
after(async () => { await browser?.close(); });

const cur = () => page.$eval('#plot-review-list li.current', (li) => li.dataset.key);
const overlap = (a, b) => Math.min(a.end, b.end) - Math.max(a.start, b.start);

test('an alarm candidate\'s contributions are listed and plotted', async () => {
  assert.ok(CONTRIB_RUN, 'scripts/e2e.sh sets E2E_CONTRIB_RUN_ID');
  // a candidate of the run whose alarm has contributions (per the API)
  const items = (await api(page, `/runs/${CONTRIB_RUN}/review`)).body.items.filter((i) => i.kind === 'candidate');
  let pick = null;
  for (const it of items) {
    const r = await api(page, `/runs/${CONTRIB_RUN}/units/${encodeURIComponent(it.unit_id)}/alarms`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const alarm = r.body.alarms.filter((a) => overlap(a, it) > 0).sort((a, b) => overlap(b, it) - overlap(a, it))[0];
    if (alarm?.channels.length) { pick = { it, alarm }; break; }
  }
  assert.ok(pick, `the run has a candidate with contributions (${items.length} candidates)`);
  const { it, alarm } = pick;
  const ranked = alarm.channels.map((c) => c.channel);
  assert.ok(alarm.channels.every((c, i) => i === 0 || alarm.channels[i - 1].mean_abs >= c.mean_abs), 'the API ranks largest first');

  await page.goto(`${BASE}/#/units/${encodeURIComponent(it.unit_id)}?run=${CONTRIB_RUN}`);
  await waitPlots(page);
  await page.waitForSelector('#plot-review-list li');
  for (let i = 0; i < 100 && (await page.$('#plot-review-list li.current') === null || await cur() !== it.key); i++) await page.keyboard.press(']');
  assert.equal(await cur(), it.key, 'the cursor reached the candidate with ]');

  // the ranked list: the API's channels in its order, shares summing to one
  await page.waitForSelector('#contrib-list li');
  const listed = await page.$$eval('#contrib-list li', (ls) => ls.map((l) => ({ channel: l.dataset.channel, share: Number(l.dataset.share) })));
  assert.equal(listed[0].channel, ranked[0]);
  assert.deepEqual(listed.map((l) => l.channel), ranked);
  assert.ok(Math.abs(listed.reduce((t, l) => t + l.share, 0) - 1) < 1e-3, JSON.stringify(listed));
  assert.ok(listed.every((l, i) => i === 0 || listed[i - 1].share >= l.share));

  // the top three plotted under the score, with data where the cursor is over the alarm
  const top = ranked.slice(0, 3);
  const legend = () => page.$$eval('#contrib-plot .u-legend .u-series .u-label', (ls) => ls.slice(1).map((l) => l.textContent));
  // (the unit's top channels may be drawn first: the plot is rebuilt for the item's)
  await page.waitForFunction((want) => JSON.stringify([...document.querySelectorAll('#contrib-plot .u-legend .u-series .u-label')].slice(1).map((l) => l.textContent)) === want,
    JSON.stringify(top), { timeout: 10_000 }).catch(() => {});
  assert.deepEqual(await legend(), top);
  await page.waitForFunction(() => document.querySelector('.loading')?.classList.contains('hidden'));
  const box = await page.$eval('#contrib-plot .u-over', (o) => { const r = o.getBoundingClientRect(); return { x: r.left, y: r.top, w: r.width, h: r.height }; });
  const [v0, v1] = await page.$eval('#plots', (p) => [Number(p.dataset.viewMin), Number(p.dataset.viewMax)]);
  const mid = (Math.max(alarm.start, v0) + Math.min(alarm.end, v1)) / 2;
  await page.mouse.move(box.x + box.w * (mid - v0) / (v1 - v0), box.y + box.h / 2);
  const values = await page.$$eval('#contrib-plot .u-legend .u-series .u-value', (vs) => vs.slice(1).map((v) => v.textContent.trim()));
  assert.ok(values.some((v) => v !== '' && v !== '–' && v !== '--' && Number.isFinite(Number(v))), `contribution values under the cursor: ${values}`);
  // the alarm's band names the top channel
  const titles = await page.$$eval('#plots .score-plot .band.alarm', (bs) => bs.map((b) => b.title));
  assert.ok(titles.some((t) => t.includes(`top channel: ${ranked[0]}`)), JSON.stringify(titles));
  await page.screenshot({ path: path.join(ART, 'contributions.png') });

  // the plot switched off and on again
  await page.click('#contrib-toggle');
  await page.waitForFunction(() => !document.querySelector('#contrib-plot'));
  await page.click('#contrib-toggle');
  await page.waitForSelector('#contrib-plot');
  assert.ok(await page.$('#contrib-list li'), 'the list stays while the plot is off and on');

  // a run whose detector has no score channels shows no contributions
  if (RUN) {
    await page.goto(`${BASE}/#/units/${encodeURIComponent(it.unit_id)}?run=${RUN}`);
    await waitPlots(page);
    await page.waitForSelector('#plot-review h3');
    const none = (await api(page, `/runs/${RUN}/units/${encodeURIComponent(it.unit_id)}/alarms`)).body.alarms;
    assert.ok(none.every((a) => a.channels.length === 0));
    assert.equal(await page.$('#plot-review-contrib'), null);
    assert.equal(await page.$('#contrib-plot'), null);
  }
  assert.deepEqual(problems, []);
});

fs.mkdirSync(ART, { recursive: true });
