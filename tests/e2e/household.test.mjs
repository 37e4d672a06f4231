// The household view in headless chromium (run by scripts/e2e.sh after app.test.mjs):
// E2E_HOUSEHOLD is a simulated unit with imported shower_event labels, E2E_CALENDAR the
// calendar.json `heatloop calendar` wrote for it, E2E_RUN_ID a detector run, and the
// workspace has a forecaster run of t_tank_mid. Checks the heat map cell by cell against the
// CLI, the events on the tank plot against the API, the forecast plot, and no console errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ART, BASE, signedInPage, api as pageApi } from './lib.mjs';

const UNIT = process.env.E2E_HOUSEHOLD ?? 'unit-0002';
const CALENDAR = process.env.E2E_CALENDAR ?? '';
const RUN = process.env.E2E_RUN_ID ?? '';
const [USER, PASS] = (process.env.E2E_VIEWER ?? 'vic:pw-vic').split(':');
fs.mkdirSync(ART, { recursive: true });

let browser;
let page;
const problems = [];  // console errors and uncaught page errors

const getJson = (p) => pageApi(page, p);

async function openHousehold(hash) {
  await page.goto(`${BASE}/${hash}`);
  await page.waitForSelector('main[data-loaded="true"]');
}

before(async () => {
  assert.ok(CALENDAR && fs.existsSync(CALENDAR), `E2E_CALENDAR names the CLI's calendar.json (got '${CALENDAR}')`);
  ({ browser, page } = await signedInPage({ user: USER, pass: PASS, viewport: { width: 1400, height: 1000 }, problems }));
});

after(async () => {
  await browser?.close();
});

test('the fleet links the household view of a unit with a tank', async () => {
  const link = `#fleet-table tbody tr[data-unit="${UNIT}"] a.household-link`;
  await page.waitForSelector(link);
  await page.click(link);
  await page.waitForSelector('main[data-loaded="true"]');
  assert.equal(new URL(page.url()).hash, `#/units/${encodeURIComponent(UNIT)}/household`);
});

test('the heat map has 168 cells with the CLI calendar\'s probabilities', async () => {
  const cli = JSON.parse(fs.readFileSync(CALENDAR, 'utf8'));
  assert.equal(cli.unit_id, UNIT);
  assert.equal(cli.cells.length, 168);
  const cells = await page.$$eval('#hh-heatmap .hh-cell', (cs) => cs.map((c) => ({
    weekday: Number(c.dataset.weekday), hour: Number(c.dataset.hour),
    probability: c.dataset.probability === '' ? null : Number(c.dataset.probability),
    days: Number(c.dataset.daysObserved), few: c.classList.contains('few'), title: c.getAttribute('title'),
  })));
  assert.equal(cells.length, 168);
  // a couple of cells by hand: the most likely one, and one observed without a shower
  const byKey = new Map(cells.map((c) => [`${c.weekday}-${c.hour}`, c]));
  const top = cli.cells.reduce((a, b) => ((b.probability ?? -1) > (a.probability ?? -1) ? b : a));
  assert.ok(top.probability > 0, 'the simulated household has showers');
  const shown = byKey.get(`${top.weekday}-${top.hour}`);
  assert.equal(shown.probability, top.probability);
  assert.match(shown.title, new RegExp(`probability ${top.probability.toFixed(2)} \\(${top.days_with_event} of ${top.days_observed} days`));
  const zero = cli.cells.find((c) => c.probability === 0);
  assert.equal(byKey.get(`${zero.weekday}-${zero.hour}`).probability, 0);
  // and every cell: same probability and evidence, hatched exactly when observed on few days
  for (const c of cli.cells) {
    const s = byKey.get(`${c.weekday}-${c.hour}`);
    assert.equal(s.probability, c.probability, `cell ${c.weekday}-${c.hour}`);
    assert.equal(s.days, c.days_observed);
    assert.equal(s.few, c.days_observed > 0 && c.days_observed < cli.few_days_observed);
  }
});

test('the shower labels are drawn on the tank plot, and the forecast against t_tank_mid', async () => {
  const labels = (await getJson(`/units/${encodeURIComponent(UNIT)}/labels`)).body.labels
    .filter((l) => l.category === 'shower_event' && (l.status === 'confirmed' || l.status === 'proposed'));
  assert.ok(labels.length > 0, 'the unit has shower labels');
  await page.waitForSelector('#hh-tank-plot .u-over');
  const drawn = await page.$$eval('#hh-tank-plot .hh-event.label', (es) => es.map((e) => Number(e.dataset.start)));
  assert.deepEqual(drawn.sort((a, b) => a - b), labels.map((l) => l.start).sort((a, b) => a - b));
  assert.equal(await page.$$eval('#hh-tank-plot .hh-event.label.confirmed', (es) => es.length), labels.filter((l) => l.status === 'confirmed').length);
  // the workspace has a t_tank_mid forecaster run: its plot has both lines in the legend
  await page.waitForSelector('#hh-forecast-plot .u-over');
  const legend = await page.textContent('#hh-forecast-plot .u-legend');
  assert.match(legend, /t_tank_mid measured/);
  assert.match(legend, /forecast/);
  // the schedule: the same windows as the API's (heatloop steer's) start/stop commands
  const hh = (await getJson(`/units/${encodeURIComponent(UNIT)}/household`)).body;
  assert.ok(hh.schedule.windows.length > 0, hh.schedule.reason ?? 'the unit has a schedule');
  const rows = await page.$$eval('#hh-schedule-table tbody tr', (rs) => rs.map((r) => r.children[0].textContent));
  assert.deepEqual(rows, hh.schedule.windows.map((w) => w.start.slice(0, 16).replace('T', ' ')));
});

test('choosing a run draws its detections and counts them in the calendar', async () => {
  assert.ok(RUN, 'scripts/e2e.sh sets E2E_RUN_ID');
  await page.waitForSelector(`#hh-run option[value="${RUN}"]`, { state: 'attached' });
  await page.evaluate(() => { delete document.querySelector('main').dataset.loaded; });
  await page.selectOption('#hh-run', RUN);
  await page.waitForSelector('main[data-loaded="true"]');
  const api = (await getJson(`/units/${encodeURIComponent(UNIT)}/household?run=${RUN}`)).body;
  assert.equal(api.calendar.source, `run:${RUN}`);
  const detections = await page.$$eval('#hh-tank-plot .hh-event.detection', (es) => es.length);
  assert.equal(detections, api.events.run.alarms.length);
  assert.ok(detections > 0, 'the isolation forest run alarms on the tank drops of this unit');
  assert.equal(await page.$$eval('#hh-heatmap .hh-cell', (cs) => cs.length), 168);
  await page.screenshot({ path: path.join(ART, 'household-view.png'), fullPage: true });
  assert.ok(fs.statSync(path.join(ART, 'household-view.png')).size > 10_000);
});

test('no console errors in the household view', () => {
  assert.deepEqual(problems, []);
});

test('an unknown unit gets a clear 404, not a crash', async () => {
  const r = await getJson('/units/no-such-unit/household');
  assert.equal(r.status, 404);
  assert.equal(r.body.error.code, 'not_found');
});
