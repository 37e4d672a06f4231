// Run notes on the run page in headless chromium (run by scripts/e2e.sh): a reviewer writes a
// note (markup in it stays text, line breaks stay), reloads and sees it with who/when; then
// edits again while someone else saves through the API: the page shows the conflict with their
// text, keeps the reviewer's text in the textarea, and a second Save replaces theirs. A viewer
// sees the note without an Edit button.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, RUN, signedInPage, api as pageApi } from './lib.mjs';

let browser;
let page;
const problems = [];
const api = (p, method = 'GET', body = undefined) => pageApi(page, p, method, body);
const notePath = `/runs/${encodeURIComponent(RUN)}/note`;

before(async () => {
  assert.ok(RUN, 'E2E_RUN_ID is set');
  ({ browser, page } = await signedInPage({ problems }));
});

after(async () => {
  await browser?.close();
});

const openRun = async () => {
  await page.goto(`${BASE}/#/runs/${encodeURIComponent(RUN)}`);
  await page.waitForSelector('#run-note h2');
};

test('a note is saved, survives a reload, and a concurrent save is a conflict that keeps my text', async () => {
  const before = (await api(notePath)).body;
  await openRun();
  const mine = `Threshold looks low.\n<b>not bold</b> & <script>window.pwned = 1</script>\nv${before.version}`;
  await page.click('#run-note-edit');
  await page.fill('#run-note-input', mine);
  await Promise.all([
    page.waitForResponse((r) => r.url().endsWith(notePath) && r.request().method() === 'PUT' && r.status() === 200),
    page.click('#run-note-save'),
  ]);
  await page.waitForSelector('#run-note-byline');

  await page.reload();
  await page.waitForSelector('#run-note-text');
  assert.equal(await page.$eval('#run-note-text', (e) => e.textContent), mine);
  assert.equal(await page.$$eval('#run-note-text *', (els) => els.length), 0, 'no HTML from the note');
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  assert.equal(await page.$eval('#run-note-text', (e) => getComputedStyle(e).whiteSpace), 'pre-wrap');
  const saved = (await api(notePath)).body;
  assert.equal(saved.version, before.version + 1);
  assert.match(await page.textContent('#run-note-byline'), new RegExp(`Version ${saved.version}, saved by ${saved.author} at `));

  // Someone else saves while the reviewer edits.
  await page.click('#run-note-edit');
  await page.fill('#run-note-input', 'my second thought');
  const theirs = await api(notePath, 'PUT', { text: 'their text', version: saved.version });
  assert.equal(theirs.status, 200);
  await Promise.all([
    page.waitForResponse((r) => r.url().endsWith(notePath) && r.request().method() === 'PUT' && r.status() === 409),
    page.click('#run-note-save'),
  ]);
  await page.waitForSelector('#run-note-conflict');
  assert.equal(await page.inputValue('#run-note-input'), 'my second thought', 'my text is kept');
  assert.equal(await page.$eval('#run-note-theirs', (e) => e.textContent), 'their text');
  assert.equal((await api(notePath)).body.text, 'their text', 'the conflict changed nothing');

  // Saving again, now based on their version, replaces it; the history keeps both.
  await Promise.all([
    page.waitForResponse((r) => r.url().endsWith(notePath) && r.request().method() === 'PUT' && r.status() === 200),
    page.click('#run-note-save'),
  ]);
  await page.waitForSelector('#run-note-byline');
  assert.equal(await page.$eval('#run-note-text', (e) => e.textContent), 'my second thought');
  const last = (await api(notePath)).body;
  assert.equal(last.version, saved.version + 2);
  assert.equal(last.text, 'my second thought');
  assert.deepEqual(problems.filter((p) => !p.includes('409')), []);
});

test('a viewer reads the note but gets no Edit button', async () => {
  const [user, pass] = (process.env.E2E_VIEWER ?? '').split(':');
  assert.ok(user && pass, 'E2E_VIEWER is set');
  const viewer = await signedInPage({ user, pass, problems });
  try {
    await viewer.page.goto(`${BASE}/#/runs/${encodeURIComponent(RUN)}`);
    await viewer.page.waitForSelector('#run-note-text');
    assert.equal(await viewer.page.$eval('#run-note-text', (e) => e.textContent), 'my second thought');
    assert.equal(await viewer.page.locator('#run-note-edit').count(), 0);
  } finally {
    await viewer.browser.close();
  }
});
