// End-to-end tests of the review queue, the runs table, the run page and the admin's undo of a
// delete (issue 16 defects 4, 5, 6, 9 and items 3, 6), in headless chromium; run by
// scripts/e2e.sh with the environment app.test.mjs describes (plus E2E_ADMIN "name:password").
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, RUN, UNIT, REV_USER, REV_PASS, launch, signIn, api as pageApi } from './lib.mjs';

const [ADMIN_USER, ADMIN_PASS] = (process.env.E2E_ADMIN ?? 'root:pw-root').split(':');

let browser;

async function session(user, pass, viewport = { width: 1500, height: 950 }) {
  const ctx = await browser.newContext({ viewport });
  const page = await ctx.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await signIn(page, user, pass);
  return { ctx, page };
}

// fetch from inside the page (same origin, the session cookie and its CSRF token)
const apiOf = (page) => (p, method = 'GET', body = undefined) => pageApi(page, p, method, body);

// A label of the reviewer's that the run does not alarm on: a "missed" item of its queue.
async function missedLabel(api, unit, startHour) {
  const u = (await api(`/units/${encodeURIComponent(unit)}`)).body;
  for (let h = startHour; h < startHour + 40; h += 4) {
    const start = u.start + 24 * 3600_000 + h * 3600_000;
    const made = await api('/labels', 'POST', { unit_id: unit, start, end: start + 60_000, category: 'sensor_fault' });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const q = (await api(`/runs/${RUN}/review`)).body;
    if (q.items.some((i) => i.key === `m${made.body.id}`)) return made.body;
  }
  throw new Error('no place without alarms for a missed label');
}

const itemSel = (key) => `.review-item[data-key="${key}"]`;

before(async () => {
  browser = await launch();
});

after(async () => { await browser?.close(); });

test('review queue: a missed label is right or wrong (asked first), decisions listed and undone', async () => {
  const { ctx, page } = await session(REV_USER, REV_PASS);
  const api = apiOf(page);
  const right = await missedLabel(api, UNIT, 1);
  const wrong = await missedLabel(api, UNIT, 3);
  await page.goto(`${BASE}/#/review/${RUN}?kind=missed`);
  await page.waitForSelector(itemSel(`m${right.id}`));
  assert.match(await page.textContent(`${itemSel(`m${right.id}`)} .accept`), /Label is right/);
  assert.match(await page.textContent(`${itemSel(`m${right.id}`)} .reject`), /Label is wrong/);

  // "Label is right, the model missed it": recorded, the label unchanged.
  await page.click(`${itemSel(`m${right.id}`)} .muted.score`);
  await page.waitForSelector(`${itemSel(`m${right.id}`)}.current`);
  await Promise.all([
    page.waitForResponse((r) => r.url().includes(`/review/m${right.id}`) && r.request().method() === 'POST'),
    page.keyboard.press('a'),
  ]);
  await page.waitForFunction((s) => !document.querySelector(s), itemSel(`m${right.id}`));
  assert.deepEqual((await api(`/labels/${right.id}/history`)).body.history.map((e) => e.action), ['create']);

  // "Label is wrong": a confirmation first; Escape keeps the label, Enter rejects it.
  await page.click(`${itemSel(`m${wrong.id}`)} .muted.score`);
  await page.waitForSelector(`${itemSel(`m${wrong.id}`)}.current`);
  await page.keyboard.press('x');
  await page.waitForSelector('#confirm-reject-dialog');
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !document.querySelector('#confirm-reject-dialog'));
  assert.equal((await api(`/labels/${wrong.id}/history`)).body.history.length, 1, 'cancelled: nothing written');
  await page.keyboard.press('x');
  await page.waitForSelector('#confirm-reject-dialog');
  await Promise.all([
    page.waitForResponse((r) => r.url().includes(`/review/m${wrong.id}`) && r.request().method() === 'POST'),
    page.keyboard.press('Enter'),
  ]);
  await page.waitForFunction((s) => !document.querySelector(s), itemSel(`m${wrong.id}`));
  const hist = (await api(`/labels/${wrong.id}/history`)).body.history;
  assert.equal(hist[hist.length - 1].after.status, 'rejected');

  // Both in the recent decisions; u undoes the last one: the label is proposed again.
  await page.waitForSelector(`#recent-decisions li[data-key="m${wrong.id}"]`);
  assert.ok(await page.$(`#recent-decisions li[data-key="m${right.id}"]`));
  await Promise.all([
    page.waitForResponse((r) => r.url().includes(`/review/m${wrong.id}`) && r.request().method() === 'DELETE'),
    page.keyboard.press('u'),
  ]);
  await page.waitForSelector(`${itemSel(`m${wrong.id}`)}.current`);
  assert.match(await page.textContent('#toast'), /Undone/);
  const back = (await api(`/labels/${wrong.id}/history`)).body.history;
  assert.equal(back[back.length - 1].action, 'revert');
  assert.equal(back[back.length - 1].after.status, 'proposed');
  await ctx.close();
});

test('review queue: back from "open on plot" returns to the same item; filters in the URL', async () => {
  const { ctx, page } = await session(REV_USER, REV_PASS);
  await page.goto(`${BASE}/#/review/${RUN}`);
  await page.waitForSelector('.review-item');
  const keys = await page.$$eval('.review-item', (es) => es.map((e) => e.dataset.key));
  assert.ok(keys.length >= 3, `queue has ${keys.length} items`);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.waitForSelector(`${itemSel(keys[2])}.current`);
  assert.match(page.url(), new RegExp(`item=${keys[2]}`));
  await page.keyboard.press('Enter');
  await page.waitForSelector('#plots');
  await page.goBack();
  await page.waitForSelector(`${itemSel(keys[2])}.current`);

  // a unit filter narrows the list and survives a reload
  const unit = await page.$eval(itemSel(keys[0]), (e) => e.querySelector('b').textContent);
  await page.selectOption('#filter-unit', unit);
  await page.waitForFunction((u) => [...document.querySelectorAll('.review-item b')].every((b) => b.textContent === u), unit);
  assert.match(page.url(), /unit=/);
  await page.reload();
  await page.waitForSelector('.review-item');
  assert.equal(await page.$eval('#filter-unit', (s) => s.value), unit);
  await ctx.close();
});

test('runs table fits 1280x720 with the review link first; column chooser remembered; best by direction', async () => {
  const { ctx, page } = await session(REV_USER, REV_PASS, { width: 1280, height: 720 });
  await page.goto(`${BASE}/#/runs`);
  await page.waitForSelector('#runs-table tbody tr');
  const { tableRight, vw } = await page.evaluate(() => ({
    tableRight: document.querySelector('#runs-table').getBoundingClientRect().right, vw: document.documentElement.clientWidth }));
  assert.ok(tableRight <= vw, `table ends at ${tableRight}px, the viewport is ${vw}px`);
  const reviewCol = await page.$eval('#runs-table tbody tr .review-link', (a) => a.closest('td').cellIndex);
  assert.ok(reviewCol <= 2, `review link in column ${reviewCol}`);
  const linkBox = await page.$eval('#runs-table tbody tr .review-link', (a) => a.getBoundingClientRect().right);
  assert.ok(linkBox <= vw);

  // Show every column; the choice survives a reload.
  await page.click('#column-chooser summary');
  const boxes = await page.$$eval('#column-chooser input[type=checkbox]', (es) => es.map((e) => e.dataset.col));
  for (const col of boxes) if (!(await page.isChecked(`#column-chooser input[data-col="${col}"]`))) await page.check(`#column-chooser input[data-col="${col}"]`);
  await page.reload();
  await page.waitForSelector('#runs-table tbody tr');
  const headers = await page.$$eval('#runs-table thead th[data-sort]', (es) => es.map((e) => e.dataset.sort));
  for (const col of boxes) assert.ok(headers.includes(col), `column ${col} shown after the reload`);

  // Every bold "best" value is the best by the server's direction of its metric.
  const board = await apiOf(page)('/runs');
  const dir = Object.fromEntries(board.body.metric_catalogue.map((m) => [m.name, m.higher_is_better]));
  const cols = await page.$$eval('#runs-table thead th', (es) => es.map((e) => e.dataset.sort ?? ''));
  let checked = 0;
  for (const [i, key] of cols.entries()) {
    if (!(key in dir)) continue;
    const vals = board.body.runs.map((r) => r.metrics?.[key]).filter((v) => typeof v === 'number');
    if (vals.length < 2 || Math.min(...vals) === Math.max(...vals)) continue;
    const want = dir[key] ? Math.max(...vals) : Math.min(...vals);
    const bestRuns = await page.$$eval(`#runs-table tbody tr td:nth-child(${i + 1}).best`, (tds) => tds.map((td) => td.closest('tr').dataset.run));
    assert.ok(bestRuns.length > 0, `a best value for ${key}`);
    for (const run of bestRuns) assert.equal(board.body.runs.find((r) => r.run_id === run).metrics[key], want, key);
    checked++;
  }
  assert.ok(checked > 0, 'some metric differs between the runs');
  await page.evaluate(() => localStorage.removeItem('runs.columns'));
  await ctx.close();
});

test('run page: config, parameters, per-unit and per-category metrics, artifacts; 3-run comparison', async () => {
  const { ctx, page } = await session(REV_USER, REV_PASS);
  await page.goto(`${BASE}/#/runs`);
  await page.waitForSelector('#runs-table tbody tr .run-link');
  await page.click(`#runs-table tbody tr[data-run="${RUN}"] .run-link`);
  await page.waitForSelector('#run-config');
  assert.match(await page.textContent('#run-config'), /isolation_forest/);
  assert.ok((await page.$$('#run-params tbody tr')).length > 0, 'parameters listed');
  assert.ok((await page.$$('#run-per-unit tbody tr')).length >= 1, 'per-unit metrics');
  assert.ok(await page.$('#run-breakdown-category'), 'per-category metrics');
  assert.ok((await page.$$('#run-artifacts li')).length > 0, 'artifacts listed');
  const runs = (await apiOf(page)('/runs')).body.runs.map((r) => r.run_id);
  if (runs.length >= 3) {
    await page.goto(`${BASE}/#/runs/compare?runs=${runs.slice(0, 3).join(',')}&metric=event_f1`);
    await page.waitForSelector('#compare-many-table');
    assert.equal(await page.$$eval('#compare-many-table thead th', (es) => es.length), 4);
  }
  await ctx.close();
});

test("an admin's undo of a delete restores the same label, and the toast says so", async () => {
  const { ctx, page } = await session(ADMIN_USER, ADMIN_PASS);
  const api = apiOf(page);
  const u = (await api(`/units/${encodeURIComponent(UNIT)}`)).body;
  const start = u.start + 2 * 24 * 3600_000 + 13 * 3600_000;
  const made = (await api('/labels', 'POST', { unit_id: UNIT, start, end: start + 3600_000, category: 'sensor_fault', notes: 'undo me' })).body;
  const confirmed = (await api(`/labels/${made.id}/confirm`, 'POST', { version: made.version })).body;
  await page.goto(`${BASE}/#/units/${encodeURIComponent(UNIT)}?from=${start - 6 * 3600_000}&to=${start + 6 * 3600_000}&label=${made.id}`);
  await page.waitForSelector('#btn-delete');  // ?label= selects it: the side panel shows it
  page.once('dialog', (d) => d.accept());
  await Promise.all([
    page.waitForResponse((r) => r.url().includes(`/labels/${made.id}`) && r.request().method() === 'DELETE'),
    page.click('#btn-delete'),
  ]);
  await Promise.all([
    page.waitForResponse((r) => r.url().endsWith(`/labels/${made.id}/restore`)),
    page.click('#undo'),
  ]);
  await page.waitForFunction(() => /restored/.test(document.querySelector('#toast')?.textContent ?? ''));
  const labels = (await api(`/units/${encodeURIComponent(UNIT)}/labels`)).body.labels;
  const back = labels.find((l) => l.id === made.id);
  assert.ok(back, 'the same id is back');
  for (const f of ['status', 'source', 'reviewer', 'notes', 'start', 'end', 'created_at']) assert.equal(back[f], confirmed[f], f);
  const h = (await api(`/labels/${made.id}/history`)).body.history.map((e) => e.action);
  assert.deepEqual(h, ['create', 'confirm', 'delete', 'restore']);
  await ctx.close();
});
