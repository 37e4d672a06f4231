// Shared helpers of the end-to-end tests that came after app.test.mjs: the browser, signing in,
// the API from inside the page, opening a unit. Environment as in app.test.mjs (scripts/e2e.sh).
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(here, '../..');
const require = createRequire(path.join(root, 'web', 'package.json'));
export const { chromium } = require('playwright-core');

export const BASE = process.env.HEATLOOP_URL ?? 'http://127.0.0.1:8080';
export const RUN = process.env.E2E_RUN_ID ?? '';
export const UNIT = process.env.E2E_UNIT ?? 'unit-0001';
export const ART = process.env.E2E_ARTIFACTS ?? path.join(root, 'build', 'e2e-artifacts');
export const [REV_USER, REV_PASS] = (process.env.E2E_REVIEWER ?? 'rita:pw-rita').split(':');

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  });
}

// fetch from inside the page (same origin, the session cookie, the session's CSRF token)
export async function api(page, p, method = 'GET', body = undefined) {
  return page.evaluate(async ({ p, method, body }) => {
    const s = await fetch('/api/v1/session', { credentials: 'same-origin' }).then((r) => r.json());
    const headers = { 'Content-Type': 'application/json' };
    if (method !== 'GET') headers['X-CSRF-Token'] = s.csrf_token;
    const r = await fetch('/api/v1' + p, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : null };
  }, { p, method, body });
}

export async function fillSignIn(page, user = REV_USER, pass = REV_PASS) {
  await page.waitForSelector('#username');
  await page.fill('#username', user);
  await page.fill('#password', pass);
  await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/session') && r.request().method() === 'POST'),
    page.click('#sign-in'),
  ]);
}

// A browser and one page signed in as `user`; console errors and uncaught page errors are
// pushed to `problems` (a test asserts it is empty).
export async function signedInPage({ user = REV_USER, pass = REV_PASS, viewport = { width: 1400, height: 1000 }, problems = [] } = {}) {
  const browser = await launch();
  const page = await (await browser.newContext({ viewport })).newPage();
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await signIn(page, user, pass);
  return { browser, page };
}

export async function signIn(page, user = REV_USER, pass = REV_PASS) {
  await page.goto(BASE + '/#/login');
  await fillSignIn(page, user, pass);
  await page.waitForSelector('#fleet-table tbody tr');
}

// waits until the plots are drawn and the first data load is in
export async function waitPlots(page) {
  await page.waitForSelector('#plots .plot .u-over');
  await page.waitForFunction(() => document.querySelector('.loading')?.classList.contains('hidden'));
}

export async function openUnit(page, unit = UNIT, query = '') {
  await page.goto(`${BASE}/#/units/${encodeURIComponent(unit)}${query}`);
  await waitPlots(page);
}

export const viewRange = (page) => page.$eval('#plots', (p) => [Number(p.dataset.viewMin), Number(p.dataset.viewMax)]);

// a mouse drag across the first plot between two fractions of its width
export async function dragOnPlot(page, f0, f1, { shift = false } = {}) {
  const b = await page.$eval('#plots .plot .u-over', (o) => { const r = o.getBoundingClientRect(); return { x: r.left, w: r.width, y: r.top + r.height / 2 }; });
  if (shift) await page.keyboard.down('Shift');
  await page.mouse.move(b.x + b.w * f0, b.y);
  await page.mouse.down();
  await page.mouse.move(b.x + b.w * (f0 + f1) / 2, b.y, { steps: 5 });
  await page.mouse.move(b.x + b.w * f1, b.y, { steps: 5 });
  await page.mouse.up();
  if (shift) await page.keyboard.up('Shift');
}
