// The meter view in headless chromium (run by scripts/e2e.sh): the workspace holds the first
// two weeks of the four shared real households (E2E_METER is one, with its heat-pump
// sub-meter), a small gradient-boosting disaggregation run of them (E2E_METER_RUN_JSON: the
// CLI's `heatloop run --json` output), and a classifier run (E2E_DETECT_RUN) over a small
// simulated fleet of which E2E_DETECT_HOUSEHOLD is one. Checks the links from the fleet, the
// plot's three lines, the figures against the CLI's run and the API, the detection per month,
// and no console errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ART, BASE, signedInPage, api as pageApi } from './lib.mjs';

const METER = process.env.E2E_METER ?? '1058711';
const RUN_JSON = process.env.E2E_METER_RUN_JSON ?? '';
const DETECT_HOUSEHOLD = process.env.E2E_DETECT_HOUSEHOLD ?? 'mu-0001';
const DETECT_RUN = process.env.E2E_DETECT_RUN ?? '';
const UNIT = process.env.E2E_UNIT ?? 'unit-0001';
const [USER, PASS] = (process.env.E2E_VIEWER ?? 'vic:pw-vic').split(':');
fs.mkdirSync(ART, { recursive: true });

let browser;
let page;
const problems = [];

const getJson = (p) => pageApi(page, p);

async function open(hash) {
  await page.goto(`${BASE}/${hash}`);
  await page.waitForSelector('main[data-loaded="true"]');
}

before(async () => {
  assert.ok(RUN_JSON && fs.existsSync(RUN_JSON), `E2E_METER_RUN_JSON names the disaggregation run's JSON (got '${RUN_JSON}')`);
  assert.ok(DETECT_RUN, 'E2E_DETECT_RUN names a classifier run');
  ({ browser, page } = await signedInPage({ user: USER, pass: PASS, viewport: { width: 1400, height: 1000 }, problems }));
});

after(async () => {
  await browser?.close();
});

test('the fleet links the meters list and a unit\'s meter; the list links each household', async () => {
  const unitMeter = `#fleet-table tbody tr[data-unit="${UNIT}"] a.meter-link`;
  await page.waitForSelector(unitMeter);
  assert.equal(await page.getAttribute(unitMeter, 'href'), `#/meters/${encodeURIComponent(UNIT)}`);
  await page.click('#meters-link');
  await page.waitForSelector('main[data-loaded="true"]');
  const api = (await getJson('/meters')).body.meters.map((m) => m.meter_id);
  const shown = await page.$$eval('#meters-table tbody tr', (rs) => rs.map((r) => r.dataset.meter));
  assert.deepEqual(shown, api);
  assert.ok(shown.includes(METER) && shown.includes(DETECT_HOUSEHOLD));
  await page.click(`#meters-table tr[data-meter="${METER}"] a`);
  await page.waitForSelector('main[data-loaded="true"] #meter-plot .u-over');
  assert.equal(new URL(page.url()).hash, `#/meters/${encodeURIComponent(METER)}`);
});

test('a sub-metered household: total, truth and the run\'s estimate, with the CLI run\'s scores', async () => {
  const run = JSON.parse(fs.readFileSync(RUN_JSON, 'utf8'));
  const cli = run.evaluation.units.find((u) => u.unit_id === METER);
  assert.ok(cli, `the run estimated ${METER}`);
  await open(`#/meters/${encodeURIComponent(METER)}`);
  const legend = await page.textContent('#meter-plot .u-legend');
  assert.match(legend, /total \(meter\)/);
  assert.match(legend, /heat pump \(sub-meter\)/);
  assert.match(legend, /heat pump \(estimate, gradient_boosting_disaggregator\)/);
  // the run chosen by default is the newest for the household: the CLI's
  assert.equal(await page.inputValue('#meter-run'), run.run_id);
  const cells = await page.$$eval('#meter-metrics tbody td', (ts) => ts.map((t) => t.textContent));
  assert.equal(Number(cells[0]), cli.metrics.n);
  assert.equal(Number(cells[1]), Number(cli.metrics.r2.toFixed(3)));
  assert.equal(Number(cells[2]), Number(cli.metrics.rmse.toFixed(3)));
  // the energy figures are the API's, and over the whole data the estimate's share is plausible
  const m = (await getJson(`/meters/${encodeURIComponent(METER)}?width=1000`)).body;
  assert.ok(m.truth && m.estimate, 'truth and estimate in the API');
  const e = m.estimate.energy_kwh;
  assert.ok(e.estimate > 0 && e.estimate < e.total && e.truth > 0, JSON.stringify(e));
  const summary = await page.textContent('#meter-summary');
  assert.match(summary, new RegExp(`heat pump metered ${e.truth.toFixed(1)} kWh, estimated ${e.estimate.toFixed(1)} kWh`));
  // no classifier run covers the real households (they have no has_heat_pump in a households file)
  await page.waitForSelector('#meter-no-detection');
  await page.screenshot({ path: path.join(ART, 'meter-view.png'), fullPage: true });
});

test('the plot window follows the days selector and the URL keeps it', async () => {
  await open(`#/meters/${encodeURIComponent(METER)}`);
  await page.selectOption('#meter-days', '7');
  await page.waitForFunction(() => location.hash.includes('days=7'));
  await page.waitForFunction(() => document.querySelector('#meter-meta')?.textContent?.includes('UTC'));
  const m = (await getJson(`/meters/${encodeURIComponent(METER)}`)).body;
  await page.waitForFunction((t) => document.querySelector('#meter-meta').textContent.includes(t),
    new Date(m.data_end - 7 * 86_400_000).toISOString().slice(0, 10));
});

test('a simulated household: the classifier run\'s probability, per household and per month', async () => {
  await open(`#/meters/${encodeURIComponent(DETECT_HOUSEHOLD)}`);
  const api = (await getJson(`/meters/${encodeURIComponent(DETECT_HOUSEHOLD)}`)).body;
  assert.equal(api.detection.run.run_id, DETECT_RUN);
  assert.equal(await page.inputValue('#meter-detect-run'), DETECT_RUN);
  assert.equal(api.truth, null);  // no sub-meter, no disaggregation run for it
  await page.waitForSelector('#meter-no-estimate');
  const legend = await page.textContent('#meter-plot .u-legend');
  assert.doesNotMatch(legend, /sub-meter|estimate/);
  assert.equal(await page.textContent('#meter-probability'), `${Math.round(api.detection.probability * 100)} %`);
  const months = await page.$$eval('#meter-months .meter-month', (ms) => ms.map((m) => ({
    p: m.dataset.probability, unclassified: m.classList.contains('unclassified') })));
  assert.equal(months.length, api.detection.months.length);
  assert.ok(months.length >= 2, 'the simulated 40 days span two months');
  api.detection.months.forEach((m, i) => {
    assert.equal(months[i].unclassified, m.probability === null);
    if (m.probability !== null) assert.equal(Number(months[i].p), m.probability);
  });
});

test('an unknown meter and an unknown run are refused with a message', async () => {
  assert.equal((await getJson('/meters/no-such-meter')).status, 404);
  const bad = await getJson(`/meters/${encodeURIComponent(METER)}?run=ffffffff`);
  assert.equal(bad.status, 404);
  assert.equal(bad.body.error.field, 'run');
  await page.goto(`${BASE}/#/meters/no-such-meter`);
  await page.waitForSelector('#meter-plot-box .error');
  assert.match(await page.textContent('#meter-plot-box .error'), /no smart meter 'no-such-meter'/);
  problems.length = 0;  // the refused request above logs a console error by design
});

test('no console errors on the meter pages', async () => {
  await open('#/meters');
  await open(`#/meters/${encodeURIComponent(METER)}`);
  assert.deepEqual(problems, []);
});
