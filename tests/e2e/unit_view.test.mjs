// End-to-end regression tests of the front-end defects of issue 16 (items 1, 2, 3, 7, 8, 10),
// in a 1280x720 window. Run by scripts/e2e.sh after app.test.mjs (same server and workspace).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ART, BASE, RUN, UNIT, launch, api, signIn, fillSignIn, openUnit, waitPlots, viewRange, dragOnPlot } from './lib.mjs';

const W = 1280, H = 720;
let browser, ctx, page;

before(async () => {
  browser = await launch();
  ctx = await browser.newContext({ viewport: { width: W, height: H } });
  page = await ctx.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await signIn(page);
});
after(async () => { await browser?.close(); });

const parseRgb = (s) => s.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number);
function contrast(a, b) {
  const lum = (c) => {
    const [r, g, b2] = c.map((v) => { const x = v / 255; return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b2;
  };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}
// every plot and the time-axis strip put a time at the same x (same drawing area left and width)
// The plots' drawing areas and the overview strip's line up (the strip is redrawn after the
// plots, so wait a little for it).
async function alignedX(pg) {
  const sel = '#plots .u-over, #navigator .u-over';
  await pg.waitForFunction((s) => {
    const os = [...document.querySelectorAll(s)].map((o) => o.getBoundingClientRect());
    return os.every((r) => Math.abs(r.left - os[0].left) <= 1 && Math.abs(r.width - os[0].width) <= 1);
  }, sel, { timeout: 5000 }).catch(() => {});
  const overs = await pg.$$eval(sel, (os) => os.map((o) => { const r = o.getBoundingClientRect(); return [r.left, r.width]; }));
  assert.ok(overs.length >= 3, 'at least two plots and the overview strip');
  for (const [l, w] of overs) assert.ok(Math.abs(l - overs[0][0]) <= 1 && Math.abs(w - overs[0][1]) <= 1, `plots line up: ${JSON.stringify(overs)}`);
}
const inViewport = (r) => r.left >= 0 && r.top >= 0 && r.right <= W && r.bottom <= H;

test('shortcuts work after choosing a run or ticking a channel, and leave the control alone (defect 1)', async () => {
  assert.ok(RUN, 'scripts/e2e.sh sets E2E_RUN_ID');
  await openUnit(page);
  await page.focus('#run-select');
  await page.selectOption('#run-select', RUN);
  await page.waitForSelector('#plots .plot.score-plot');
  await waitPlots(page);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'run-select');
  await page.keyboard.press('n');
  await page.waitForSelector('#label-panel .label-card');
  assert.equal(await page.$eval('#run-select', (s) => s.value), RUN, 'n did not change the run selector');

  await dragOnPlot(page, 0.3, 0.5);                             // zoom in
  const full = (await api(page, `/units/${encodeURIComponent(UNIT)}`)).body;
  await page.waitForFunction((s) => Number(document.querySelector('#plots').dataset.viewMin) > s, full.start);
  await page.click('#channel-panel input[data-channel="t_indoor"]');
  await waitPlots(page);
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-channel')), 't_indoor');
  await page.keyboard.press('z');
  await page.waitForFunction((s) => Number(document.querySelector('#plots').dataset.viewMin) === s, full.start);
  await page.keyboard.press('l');
  assert.ok(await page.$eval('#mode-label', (b) => b.classList.contains('active')), 'l switched to draw mode');
  await page.keyboard.press('l');
  assert.ok(await page.$eval('#channel-panel input[data-channel="t_indoor"]', (c) => c.checked), 'the checkbox kept its state');
  await page.click('#channel-panel input[data-channel="t_indoor"]');
  await waitPlots(page);
});

test('Shift+drag opens the label form and does not zoom (defect 2)', async () => {
  await page.keyboard.press('Escape');
  await page.keyboard.press('z');
  const before = await viewRange(page);
  await dragOnPlot(page, 0.62, 0.7, { shift: true });
  await page.waitForSelector('#label-form');
  await page.waitForTimeout(500);                             // a zoom would have landed by now
  assert.deepEqual(await viewRange(page), before, 'the view did not change');
  await page.keyboard.press('Escape');
  await page.waitForSelector('#label-form-overlay', { state: 'detached' });
});

test('an axis holds one unit (a second unit gets a right axis) and a channel keeps its colour on every unit (defect 3)', async () => {
  await openUnit(page);
  const lift = '#channel-panel input[data-channel="lift"]';
  if (!(await page.$eval(lift, (c) => c.checked))) { await page.click(lift); await waitPlots(page); }
  const copGroup = await page.$eval('select.group[data-channel="cop"]', (s) => s.value);
  await page.selectOption('select.group[data-channel="lift"]', copGroup);
  await page.waitForFunction(() => [...document.querySelectorAll('#plots .plot .u-legend')].some((l) => l.textContent.includes('lift')));
  const plots = () => page.$$eval('#plots .plot', (ps) => ps.map((p) => ({
    series: [...p.querySelectorAll('.u-legend .u-series th')].map((t) => t.textContent.trim()),
    left: p.dataset.axisLeft, right: p.dataset.axisRight ?? null })));
  let ps = await plots();
  const both = ps.filter((p) => p.series.includes('cop') || p.series.includes('lift'));
  assert.equal(both.length, 1, 'cop and lift overlay on one plot: ' + JSON.stringify(ps));
  assert.equal(both[0].left, 'cop', 'cop (no unit) on the left axis');
  assert.equal(both[0].right, 'K', 'lift (K) on a second, right axis');
  await alignedX(page);
  fs.mkdirSync(ART, { recursive: true });
  await page.screenshot({ path: path.join(ART, 'unit-two-axes.png') });
  // a third unit in the same plot number (humidity has no unit: an axis of its own) gets
  // another plot instead of sharing an axis
  const hum = '#channel-panel input[data-channel="humidity"]';
  if (!(await page.$eval(hum, (c) => c.checked))) { await page.click(hum); await waitPlots(page); }
  await page.selectOption('select.group[data-channel="humidity"]', copGroup);
  await page.waitForFunction(() => [...document.querySelectorAll('#plots .plot .u-legend')].some((l) => l.textContent.includes('humidity')));
  ps = await plots();
  const three = ps.filter((p) => p.series.some((x) => ['humidity', 'cop', 'lift'].includes(x)));
  assert.equal(three.length, 2, 'two axes per plot at most: the third unit is on another plot: ' + JSON.stringify(ps));
  for (const p of three) assert.notEqual(p.left, p.right);
  await page.click(hum);
  await waitPlots(page);
  const swatches = () => page.$$eval('#channel-panel .chan', (cs) => Object.fromEntries(cs.map((c) =>
    [c.querySelector('input').dataset.channel, getComputedStyle(c.querySelector('.swatch')).backgroundColor])));
  const on1 = await swatches();
  assert.notEqual(on1.cop, on1.t_outdoor);
  // the plot line uses the swatch's colour
  const marker = await page.$$eval('#plots .u-legend .u-series', (rows) => {
    const r = rows.find((x) => x.querySelector('th')?.textContent.trim() === 'cop');
    return r ? getComputedStyle(r.querySelector('.u-marker')).borderColor : null;
  });
  assert.equal(marker, on1.cop);
  const units = (await api(page, '/units')).body.units.map((u) => u.unit_id);
  const other = units.find((u) => u !== UNIT);
  await openUnit(page, other);
  const on2 = await swatches();
  const common = Object.keys(on1).filter((c) => c in on2);
  assert.ok(common.length >= 3, 'the units share channels');
  for (const c of common) assert.equal(on2[c], on1[c], `${c} has the same colour on ${UNIT} and ${other}`);
});

test('category colours: own palette, a key, legible non-overlapping names, legend in view at 1280x720 (defect 8)', async () => {
  const unit = (await api(page, `/units/${encodeURIComponent(UNIT)}`)).body;
  const span = unit.end - unit.start;
  // two labels ten minutes apart: their names would overlap at the full range
  const t = Math.round((unit.start + span * 0.45) / 60000) * 60000;
  for (const dt of [0, 10 * 60000]) {
    const r = await api(page, '/labels', 'POST', { unit_id: UNIT, start: t + dt, end: t + dt + 5 * 60000, category: 'sensor_fault', notes: 'e2e tag overlap' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
  }
  await openUnit(page);
  // the toolbar (run selector and Undo included) is one line at 1280 px
  const mids = await page.$$eval('.toolbar > *', (es) => es.map((e) => e.getBoundingClientRect()).filter((r) => r.width > 0).map((r) => r.top + r.height / 2));
  assert.ok(mids.length >= 6 && Math.max(...mids) - Math.min(...mids) <= 8, 'the toolbar is one line: ' + JSON.stringify(mids));
  const bar = await page.$eval('#legend-bar', (e) => e.getBoundingClientRect().toJSON());
  assert.ok(inViewport(bar), 'the legend is fully visible: ' + JSON.stringify(bar));
  const cats = (await api(page, '/categories')).body.categories.map((c) => c.name);
  const keyColours = await page.$$eval('#category-key .cat-tag', (ts) => ts.map((t) => ({
    cat: t.dataset.category, bg: getComputedStyle(t).backgroundColor, fg: getComputedStyle(t).color, r: t.getBoundingClientRect().toJSON() })));
  for (const c of cats) assert.ok(keyColours.some((k) => k.cat === c), `the key shows ${c}`);
  for (const k of keyColours) {
    assert.ok(inViewport(k.r), `${k.cat} key in view`);
    assert.ok(contrast(parseRgb(k.bg), parseRgb(k.fg)) >= 4.5, `${k.cat} key legible`);
  }
  const catBgs = new Set(keyColours.filter((k) => cats.includes(k.cat)).map((k) => k.bg));
  assert.equal(catBgs.size, cats.filter((c) => keyColours.some((k) => k.cat === c)).length, 'categories have distinct colours');
  const chanColours = await page.$$eval('#channel-panel .swatch', (ss) => ss.map((s) => getComputedStyle(s).backgroundColor));
  for (const k of keyColours) {
    assert.ok(!chanColours.includes(k.bg), `${k.cat} does not share a channel colour`);
    assert.notEqual(k.bg, 'rgb(220, 38, 38)', `${k.cat} is not the alarm red`);
  }
  const tags = await page.$$eval('#plots .band-tag', (ts) => ts.map((t) => ({
    r: t.getBoundingClientRect().toJSON(), bg: getComputedStyle(t).backgroundColor, fg: getComputedStyle(t).color })));
  assert.ok(tags.length >= 1, 'band names are shown');
  for (let i = 0; i < tags.length; i++) {
    assert.ok(contrast(parseRgb(tags[i].bg), parseRgb(tags[i].fg)) >= 4.5, `tag ${i} contrast`);
    for (let j = i + 1; j < tags.length; j++) {
      const a = tags[i].r, b = tags[j].r;
      assert.ok(a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top, `band names ${i} and ${j} overlap`);
    }
  }
});

test('a label being drawn survives an expired session; sign-in returns to the unit (defect 7)', async () => {
  await openUnit(page);
  await page.click('#mode-label');
  await dragOnPlot(page, 0.75, 0.8);
  await page.waitForSelector('#label-form');
  const notes = 'drawn while the session ran out';
  await page.fill('#lf-notes', notes);
  assert.equal((await api(page, '/session', 'DELETE')).status, 204);   // the session ends behind the app's back
  await page.click('#lf-save');
  await page.waitForSelector('#username');
  await page.waitForSelector('#toast:not(.hidden)');
  const msg = await page.textContent('#toast');
  assert.match(msg, /session has ended/i);
  assert.doesNotMatch(msg, /POST|\/api\//, 'no API jargon in the toast');
  assert.ok(await page.$('#login-expired'), 'the sign-in page says why');
  await fillSignIn(page);
  await page.waitForSelector('#label-form');
  assert.ok(decodeURIComponent(page.url()).includes(`#/units/${UNIT}`), page.url());
  assert.equal(await page.inputValue('#lf-notes'), notes);
  const [resp] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/labels') && r.request().method() === 'POST'),
    page.click('#lf-save'),
  ]);
  assert.equal(resp.status(), 201);
  assert.equal((await resp.json()).notes, notes);
  assert.equal(await page.evaluate(() => sessionStorage.getItem('heatloop.labelDraft')), null, 'the draft is gone once saved');
  await page.click('#mode-zoom');
});

test('fleet sorts every column, ? works on the sign-in page, the time axis stays in view (defect 10)', async () => {
  await page.goto(BASE + '/#/');
  await page.waitForSelector('#fleet-table tbody tr');
  const rows = (await api(page, '/units')).body.units;
  for (const [key, get] of [['confirmed', (u) => u.label_counts.confirmed], ['rejected', (u) => u.label_counts.rejected]]) {
    await page.click(`#fleet-table th[data-sort="${key}"]`);
    let shown = await page.$$eval('#fleet-table tbody tr', (rs) => rs.map((r) => r.dataset.unit));
    const desc = [...rows].sort((a, b) => get(b) - get(a) || (a.unit_id < b.unit_id ? -1 : 1)).map((u) => u.unit_id);
    assert.deepEqual(shown, desc, `sorted by ${key}`);
    await page.click(`#fleet-table th[data-sort="${key}"]`);
    shown = await page.$$eval('#fleet-table tbody tr', (rs) => rs.map((r) => r.dataset.unit));
    const asc = [...rows].sort((a, b) => get(a) - get(b) || (a.unit_id < b.unit_id ? -1 : 1)).map((u) => u.unit_id);
    assert.deepEqual(shown, asc, `sorted by ${key}, ascending`);
  }
  assert.ok(await page.$('#fleet-table th[data-sort="latest_run"]'), 'Latest run sorts');

  const anon = await browser.newContext({ viewport: { width: W, height: H } });
  try {
    const p2 = await anon.newPage();
    await p2.goto(BASE + '/#/login');
    await p2.waitForSelector('#username');
    await p2.keyboard.press('?');
    await p2.waitForSelector('#help-overlay');
    assert.equal(await p2.inputValue('#username'), '', 'the ? did not go into the user field');
  } finally { await anon.close(); }

  await openUnit(page);
  for (const cb of await page.$$('#channel-panel input[type=checkbox]:not(:checked)')) await cb.click();
  await waitPlots(page);
  await page.waitForFunction(() => document.querySelectorAll('#plots .plot').length >= 8);
  const lastPlot = await page.$$eval('#plots .plot', (ps) => ps[ps.length - 1].getBoundingClientRect().bottom);
  assert.ok(lastPlot > H, 'the plots are taller than the window (the case of the defect)');
  await alignedX(page);
  const axis = await page.$eval('#time-axis', (a) => a.getBoundingClientRect().toJSON());
  assert.ok(inViewport(axis), 'the time axis is on screen: ' + JSON.stringify(axis));
  assert.ok(await page.$eval('#time-axis canvas', (c) => c.height > 20), 'it draws the axis');
});

test('the URL holds the view: a link opened elsewhere and a reload show the same view (item 4)', async () => {
  await openUnit(page);
  const info = (await api(page, `/units/${encodeURIComponent(UNIT)}`)).body;
  assert.equal(info.time_zone, 'UTC', 'units without time_zone metadata are in UTC');
  assert.equal((await page.textContent('#tz-toggle')).trim(), 'UTC');
  await page.selectOption('#run-select', RUN);
  await page.waitForSelector('#plots .plot.score-plot');
  await waitPlots(page);
  await page.click('#channel-panel input[data-channel="t_outdoor"]');   // shown by default: hide it
  await waitPlots(page);
  await page.keyboard.press('n');
  await page.waitForSelector('#label-panel .label-card');
  await dragOnPlot(page, 0.51, 0.57);   // clear of the labels' edges (an edge drag moves the label)
  await page.waitForFunction(() => location.hash.includes('from=') && location.hash.includes('label='), null, { timeout: 5000 })
    .catch(async (e) => { throw new Error(`the URL does not hold the view: ${await page.evaluate(() => location.hash)} (${e.message})`); });
  await waitPlots(page);
  await page.waitForTimeout(300);
  const state = async (pg) => ({
    view: await viewRange(pg),
    run: await pg.$eval('#run-select', (s) => s.value),
    visible: await pg.$$eval('#channel-panel input[type=checkbox]:checked', (cs) => cs.map((c) => c.dataset.channel)),
    label: await pg.textContent('#label-panel h3'),
  });
  const same = (a, b, what) => {
    assert.ok(Math.abs(a.view[0] - b.view[0]) <= 1 && Math.abs(a.view[1] - b.view[1]) <= 1, `${what}: view ${a.view} vs ${b.view}`);
    assert.equal(b.run, a.run, what);
    assert.deepEqual(b.visible, a.visible, what);
    assert.equal(b.label, a.label, what);
  };
  const url = page.url();
  const before = await state(page);
  assert.equal(before.run, RUN);
  assert.ok(!before.visible.includes('t_outdoor'));
  assert.ok(before.view[1] - before.view[0] < info.end - info.start, 'zoomed in');

  // another browser (no saved channel choice, no session storage) signs in and opens the link
  const other = await browser.newContext({ viewport: { width: W, height: H } });
  try {
    const p2 = await other.newPage();
    await signIn(p2);
    await p2.goto(url);
    await waitPlots(p2);
    await p2.waitForSelector('#label-panel .label-card');
    await p2.waitForSelector('#plots .plot.score-plot');
    same(before, await state(p2), 'the link in another browser');
  } finally { await other.close(); }

  await page.reload();
  await waitPlots(page);
  await page.waitForSelector('#label-panel .label-card');
  same(before, await state(page), 'after a reload');
});

test('the overview strip under the plots chooses the window with a brush (item 5)', async () => {
  await openUnit(page);
  await page.keyboard.press('z');
  const info = (await api(page, `/units/${encodeURIComponent(UNIT)}`)).body;
  const span = info.end - info.start;
  await page.waitForSelector('#navigator .u-over');
  await page.$eval('#navigator', (n) => n.scrollIntoView({ block: 'end' }));
  const nav = await page.$eval('#navigator .u-over', (o) => { const r = o.getBoundingClientRect(); return { x: r.left, w: r.width, y: r.top + r.height / 2 }; });
  const brushW = () => page.$eval('#nav-brush', (b) => b.getBoundingClientRect().width);
  assert.ok(Math.abs((await brushW()) - nav.w) <= 2, 'zoomed out: the brush covers the strip');
  await page.mouse.move(nav.x + nav.w * 0.1, nav.y);
  await page.mouse.down();
  await page.mouse.move(nav.x + nav.w * 0.2, nav.y, { steps: 4 });
  await page.mouse.move(nav.x + nav.w * 0.3, nav.y, { steps: 4 });
  await page.mouse.up();
  await page.waitForFunction((s) => Number(document.querySelector('#plots').dataset.viewMin) > s, info.start);
  const [a, b] = await viewRange(page);
  assert.ok(Math.abs(a - (info.start + 0.1 * span)) < 0.02 * span && Math.abs(b - (info.start + 0.3 * span)) < 0.02 * span,
    `the plots show the brushed window: ${(a - info.start) / span}..${(b - info.start) / span}`);
  const bw = await brushW();
  assert.ok(Math.abs(bw - 0.2 * nav.w) < 0.03 * nav.w, `the brush covers the window (${bw} of ${nav.w})`);
  // a click centres the window there, same span
  await page.mouse.click(nav.x + nav.w * 0.7, nav.y);
  await page.waitForFunction((s) => Number(document.querySelector('#plots').dataset.viewMin) > s, info.start + 0.5 * span);
  const [c, d] = await viewRange(page);
  assert.ok(Math.abs((c + d) / 2 - (info.start + 0.7 * span)) < 0.02 * span, 'centred on the click');
  assert.ok(Math.abs((d - c) - (b - a)) < 0.01 * span, 'same span');
});
