// End-to-end tests of the heatloop web app in Debian's headless chromium, driven by
// playwright-core (no browser download). Run by scripts/e2e.sh, which prepares the workspace,
// starts `heatloop serve` and sets:
//   HEATLOOP_URL     base URL of the running server
//   E2E_RUN_ID       a run with at least one review candidate
//   E2E_UNIT         the unit to open (its label and the run's candidate are known)
//   E2E_REVIEWER / E2E_VIEWER   "name:password"
//   E2E_ARTIFACTS    where screenshots go
//   CHROMIUM         the browser binary (default /usr/bin/chromium)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import fs from 'node:fs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
// playwright-core is a devDependency of web/ (one package-lock for the front end and its tests)
const require = createRequire(path.join(root, 'web', 'package.json'));
const { chromium } = require('playwright-core');

const BASE = process.env.HEATLOOP_URL ?? 'http://127.0.0.1:8080';
const RUN = process.env.E2E_RUN_ID ?? '';
const UNIT = process.env.E2E_UNIT ?? 'unit-0001';
const [REV_USER, REV_PASS] = (process.env.E2E_REVIEWER ?? 'rita:pw-rita').split(':');
const [VIEW_USER, VIEW_PASS] = (process.env.E2E_VIEWER ?? 'vic:pw-vic').split(':');
const ART = process.env.E2E_ARTIFACTS ?? path.join(root, 'build', 'e2e-artifacts');
fs.mkdirSync(ART, { recursive: true });

let browser;
let ctx;
let page;
let createdId = null;

// fetch from inside the page (same origin, the session cookie, the CSRF token of the session)
async function api(p, method = 'GET', body = undefined, { csrf = true } = {}) {
  return page.evaluate(async ({ p, method, body, csrf }) => {
    const s = await fetch('/api/v1/session', { credentials: 'same-origin' }).then((r) => r.json());
    const headers = { 'Content-Type': 'application/json' };
    if (csrf && method !== 'GET') headers['X-CSRF-Token'] = s.csrf_token;
    const r = await fetch('/api/v1' + p, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await r.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { json = text; }
    return { status: r.status, body: json };
  }, { p, method, body, csrf });
}

async function signIn(pg, user, pass) {
  await pg.goto(BASE + '/#/login');
  await pg.fill('#username', user);
  await pg.fill('#password', pass);
  await Promise.all([
    pg.waitForResponse((r) => r.url().endsWith('/api/v1/session') && r.request().method() === 'POST'),
    pg.click('#sign-in'),
  ]);
  await pg.waitForSelector('#fleet-table tbody tr');
}

async function openUnit(pg) {
  await pg.goto(`${BASE}/#/units/${encodeURIComponent(UNIT)}`);
  await pg.waitForSelector('#plots .plot .u-over');
  // the first data load has arrived when the lines are drawn and the loading marker is gone
  await pg.waitForFunction(() => document.querySelector('.loading')?.classList.contains('hidden'));
}

// x pixel (page coordinates) of time t on the first plot
async function xOf(pg, t) {
  return pg.evaluate((t) => {
    const over = document.querySelector('#plots .plot .u-over');
    const r = over.getBoundingClientRect();
    const range = document.querySelector('#plots').dataset;
    const min = Number(range.viewMin), max = Number(range.viewMax);
    return r.left + ((t - min) / (max - min)) * r.width;
  }, t);
}

before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  });
  ctx = await browser.newContext({ viewport: { width: 1500, height: 950 } });
  page = await ctx.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
});

after(async () => {
  await browser?.close();
});

test('sign in shows the fleet', async () => {
  await page.goto(BASE + '/');
  await page.waitForSelector('#username');          // unauthenticated -> the sign-in page
  await page.fill('#username', REV_USER);
  await page.fill('#password', 'definitely-wrong');
  await page.click('#sign-in');
  await page.waitForFunction(() => document.querySelector('#login-error')?.textContent?.length > 0);
  await signIn(page, REV_USER, REV_PASS);
  const rows = await page.$$eval('#fleet-table tbody tr', (rs) => rs.map((r) => r.dataset.unit));
  assert.ok(rows.includes(UNIT), `fleet lists ${UNIT}: ${rows}`);
  assert.match(await page.textContent('.topbar .user'), /reviewer/);
});

test('open a unit: stacked plots, channel panel, labels as bands', async () => {
  await page.click(`#fleet-table tbody tr[data-unit="${UNIT}"]`);
  await page.waitForSelector('#plots .plot .u-over');
  await page.waitForFunction(() => document.querySelector('.loading')?.classList.contains('hidden'));
  const nPlots = await page.$$eval('#plots .plot', (ps) => ps.length);
  assert.ok(nPlots >= 2, `several stacked plots (${nPlots})`);
  const labels = (await api(`/units/${encodeURIComponent(UNIT)}/labels`)).body.labels;
  assert.ok(labels.length >= 1, 'the unit has its imported label');
  await page.waitForSelector(`.band.label[data-id="${labels[0].id}"]`);
  // hiding a channel removes its trace; the request width follows the plot's pixel width
  const req = page.waitForRequest((r) => r.url().includes('/series?'));
  await page.click('#channel-panel input[data-channel="t_outdoor"]');
  const url = new URL((await req).url());
  assert.ok(!url.searchParams.get('channels').split(',').includes('t_outdoor'));
  const width = Number(url.searchParams.get('width'));
  await page.waitForFunction(() => document.querySelector('.loading')?.classList.contains('hidden'));
  await page.waitForTimeout(100);
  const plotPx = await page.$eval('#plots .plot .u-over', (o) => o.getBoundingClientRect().width);
  assert.ok(width > 0 && width <= plotPx + 80, `width ${width} <= plot px ${plotPx}`);
  await page.click('#channel-panel input[data-channel="t_outdoor"]');
  await page.waitForFunction(() => [...document.querySelectorAll('#plots .u-legend')].some((l) => l.textContent.includes('t_outdoor')));
  await page.waitForFunction(() => document.querySelector('.loading')?.classList.contains('hidden'));
});

test('drag to create a label, reload and see it persisted', async () => {
  const unit = (await api(`/units/${encodeURIComponent(UNIT)}`)).body;
  const span = unit.end - unit.start;
  // a stretch early in the unit's range, clear of the imported labels and the run's alarms
  const t0 = unit.start + span * 0.2, t1 = unit.start + span * 0.3;
  await page.click('#mode-label');
  const x0 = await xOf(page, t0), x1 = await xOf(page, t1);
  const box = await page.$eval('#plots .plot .u-over', (o) => { const r = o.getBoundingClientRect(); return { y: r.top + r.height / 2 }; });
  await page.mouse.move(x0, box.y);
  await page.mouse.down();
  await page.mouse.move((x0 + x1) / 2, box.y, { steps: 5 });
  await page.mouse.move(x1, box.y, { steps: 5 });
  await page.mouse.up();
  await page.waitForSelector('#label-form');
  const cats = await page.$$eval('#lf-category option', (os) => os.map((o) => o.value));
  assert.ok(cats.length > 0, 'categories come from /categories');
  await page.selectOption('#lf-category', cats.includes('sensor_fault') ? 'sensor_fault' : cats[0]);
  await page.fill('#lf-confidence', '0.7');
  await page.fill('#lf-notes', 'drawn by the e2e test');
  const [resp] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/labels') && r.request().method() === 'POST'),
    page.click('#lf-save'),
  ]);
  assert.equal(resp.status(), 201);
  const made = await resp.json();
  createdId = made.id;
  assert.equal(made.status, 'proposed');
  assert.equal(made.reviewer, REV_USER);
  assert.ok(Math.abs(made.start - t0) < span * 0.01 && Math.abs(made.end - t1) < span * 0.01,
    `label range ${made.start}..${made.end} ~ ${t0}..${t1}`);
  await page.click('#mode-zoom');

  await page.reload();
  await page.waitForSelector(`.band.label[data-id="${createdId}"]`);
  const listed = (await api(`/units/${encodeURIComponent(UNIT)}/labels`)).body.labels;
  const again = listed.find((l) => l.id === createdId);
  assert.ok(again, 'the label is stored');
  assert.equal(again.notes, 'drawn by the e2e test');
});

test('drag a label edge to change its range', async () => {
  const get = async () => (await api(`/units/${encodeURIComponent(UNIT)}/labels`)).body.labels.find((l) => l.id === createdId);
  const before = await get();
  const dragEdge = async (which, dx) => {
    const sel = `#plots .plot:first-child .band.label[data-id="${createdId}"] .edge.${which}`;
    await page.waitForSelector(sel);
    const b = await page.$eval(sel, (e) => { const r = e.getBoundingClientRect(); return { x: r.left + r.width / 2, y: r.top + r.height / 2 }; });
    const resp = page.waitForResponse((r) => r.url().includes(`/api/v1/labels/${createdId}`) && r.request().method() === 'PATCH');
    await page.mouse.move(b.x, b.y);
    await page.mouse.down();
    await page.mouse.move(b.x + dx / 2, b.y, { steps: 4 });
    await page.mouse.move(b.x + dx, b.y, { steps: 4 });
    await page.mouse.up();
    const r = await resp;
    assert.equal(r.status(), 200, await r.text());
  };
  await dragEdge('right', 70);
  const mid = await get();
  assert.equal(mid.start, before.start, 'start unchanged by the right edge');
  assert.ok(mid.end > before.end, `end moved right: ${before.end} -> ${mid.end}`);
  assert.ok(mid.version > before.version, 'version bumped');
  await dragEdge('left', -50);
  const last = await get();
  assert.ok(last.start < before.start, `start moved left: ${before.start} -> ${last.start}`);
  assert.equal(last.end, mid.end, 'end unchanged by the left edge');
  // the side panel shows the selected label's history with the edits
  await page.waitForFunction(() => document.querySelectorAll('#label-panel .history li').length >= 3);

  // u undoes the last edit (the left edge) with the inverse PATCH
  const [undo] = await Promise.all([
    page.waitForResponse((r) => r.url().includes(`/api/v1/labels/${createdId}`) && r.request().method() === 'PATCH'),
    page.keyboard.press('u'),
  ]);
  assert.equal(undo.status(), 200);
  const undone = await get();
  assert.equal(undone.start, before.start, 'undo put the start back');
  assert.equal(undone.end, mid.end, 'undo left the end alone');
});

test('keyboard: help overlay, next label, zoom out', async () => {
  await page.keyboard.press('Escape');                       // deselect
  await page.keyboard.press('?');
  await page.waitForSelector('#help-overlay');
  await page.keyboard.press('Escape');
  await page.waitForSelector('#help-overlay', { state: 'detached' });
  await page.keyboard.press('n');
  await page.waitForSelector('#label-panel .label-card');
  const first = await page.textContent('#label-panel h3');
  await page.keyboard.press('n');
  await page.waitForFunction((t) => document.querySelector('#label-panel h3')?.textContent !== t, first);
  const full = await page.textContent('#view-range');
  await page.mouse.move(...(await page.$eval('#plots .plot .u-over', (o) => { const r = o.getBoundingClientRect(); return [r.left + r.width / 2, r.top + 20]; })));
  await page.mouse.wheel(0, -400);
  await page.waitForFunction((t) => document.querySelector('#view-range')?.textContent !== t, full);
  await page.keyboard.press('z');
  await page.waitForFunction((t) => document.querySelector('#view-range')?.textContent?.startsWith(t.slice(0, 30)), full);
});

test('a stale edit gets a conflict, not a lost update', async () => {
  const l = (await api(`/units/${encodeURIComponent(UNIT)}/labels`)).body.labels.find((x) => x.id === createdId);
  const stale = await api(`/labels/${createdId}`, 'PATCH', { version: l.version - 1, notes: 'stale' });
  assert.equal(stale.status, 409);
  assert.equal(stale.body.error.code, 'conflict');
});

test('screenshot of the unit view with a run overlaid', async () => {
  if (RUN) {
    await page.selectOption('#run-select', RUN);
    await page.waitForSelector('#plots .plot.score-plot');
    await page.waitForFunction(() => document.querySelector('.loading')?.classList.contains('hidden'));
  }
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(ART, 'unit-view.png'), fullPage: true });
  assert.ok(fs.statSync(path.join(ART, 'unit-view.png')).size > 10_000);
});

test('accept a queued review candidate', async () => {
  assert.ok(RUN, 'scripts/e2e.sh sets E2E_RUN_ID');
  const q0 = (await api(`/runs/${RUN}/review`)).body;
  const cand = q0.items.find((i) => i.kind === 'candidate');
  assert.ok(cand, 'the run has a candidate: ' + JSON.stringify(q0.items));
  await page.goto(`${BASE}/#/review/${RUN}`);
  await page.waitForSelector(`.review-item[data-key="${cand.key}"]`);
  await page.click(`.review-item[data-key="${cand.key}"] .muted`);     // make it current
  await page.waitForSelector(`.review-item.current[data-key="${cand.key}"]`);
  const [resp] = await Promise.all([
    page.waitForResponse((r) => r.url().includes(`/runs/${RUN}/review/`) && r.request().method() === 'POST'),
    page.keyboard.press('a'),
  ]);
  assert.equal(resp.status(), 200, await resp.text());
  const { label } = await resp.json();
  assert.ok(label, 'accepting a candidate creates a label');
  assert.equal(label.source, `run:${RUN}`);
  assert.equal(label.reviewer, REV_USER);
  await page.waitForFunction((k) => !document.querySelector(`.review-item[data-key="${k}"]`), cand.key);
  const q1 = (await api(`/runs/${RUN}/review`)).body;
  assert.equal(q1.progress.decided, q0.progress.decided + 1);
  assert.ok(!q1.items.some((i) => i.key === cand.key), 'a decided item does not come back');
  assert.match(await page.textContent('#review-progress'), new RegExp(`^${q1.progress.decided} of`));
});

test('a viewer cannot edit', async () => {
  const vctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const vpage = await vctx.newPage();
  const saved = page;
  try {
    page = vpage;
    await signIn(vpage, VIEW_USER, VIEW_PASS);
    assert.match(await vpage.textContent('.topbar .user'), /viewer/);
    await openUnit(vpage);
    await vpage.waitForSelector(`.band.label[data-id="${createdId}"]`);
    assert.equal(await vpage.$$eval('#mode-label, #undo, .band .edge', (es) => es.length), 0, 'no edit controls');
    // selecting a label shows it and its history, without action buttons
    await vpage.click(`#label-panel li[data-id="${createdId}"]`);
    await vpage.waitForSelector('#label-panel .history');
    assert.equal(await vpage.$$eval('#btn-confirm, #btn-reject, #btn-split, #btn-delete, #edit-category', (es) => es.length), 0);
    // keyboard shortcuts do not edit either
    await vpage.keyboard.press('c');
    // the server refuses direct writes
    const l = (await api(`/units/${encodeURIComponent(UNIT)}/labels`)).body.labels.find((x) => x.id === createdId);
    const post = await api('/labels', 'POST', { unit_id: UNIT, start: l.start, end: l.end, category: l.category });
    assert.equal(post.status, 403, JSON.stringify(post.body));
    const patch = await api(`/labels/${createdId}`, 'PATCH', { version: l.version, notes: 'viewer was here' });
    assert.equal(patch.status, 403);
    const confirm = await api(`/labels/${createdId}/confirm`, 'POST', { version: l.version });
    assert.equal(confirm.status, 403);
    const after = (await api(`/units/${encodeURIComponent(UNIT)}/labels`)).body.labels.find((x) => x.id === createdId);
    assert.equal(after.version, l.version, 'nothing changed');
    if (RUN) {
      await vpage.goto(`${BASE}/#/review/${RUN}`);
      await vpage.waitForSelector('#review-progress');
      assert.equal(await vpage.$$eval('.review-item .accept, .review-item .reject', (es) => es.length), 0);
    }
  } finally {
    page = saved;
    await vctx.close();
  }
});

test('a state-changing request without the CSRF token is refused', async () => {
  const r = await api(`/labels/${createdId}/confirm`, 'POST', { version: 1 }, { csrf: false });
  assert.equal(r.status, 403);
  assert.equal(r.body.error.code, 'csrf');
});

test('runs page: leaderboard with the label revision, sortable; comparison', async () => {
  await page.goto(`${BASE}/#/runs`);
  await page.waitForSelector('#runs-table tbody tr');
  assert.match(await page.textContent('#leaderboard-revision'), /revision \d+/);
  const runIds = await page.$$eval('#runs-table tbody tr', (rs) => rs.map((r) => r.dataset.run));
  const sortable = await page.$('#runs-table th[data-sort="event_f1"]');
  if (sortable) {
    await sortable.click();
    const vals = await page.$$eval('#runs-table tbody tr', (rs) => rs.map((r) => r.dataset.run));
    assert.equal(vals.length, runIds.length);
  }
  if (runIds.length >= 2) {
    await page.check(`#runs-table input.pick[data-run="${runIds[0]}"]`);
    await page.check(`#runs-table input.pick[data-run="${runIds[1]}"]`);
    await page.click('#compare-btn');
    await page.waitForSelector('#compare-table');
  }
});

test('sign out ends the session', async () => {
  await page.goto(`${BASE}/#/`);
  await page.click('#sign-out');
  await page.waitForSelector('#username');
  const r = await page.evaluate(() => fetch('/api/v1/session').then((r) => r.status));
  assert.equal(r, 401);
});
