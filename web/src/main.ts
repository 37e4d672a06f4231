// Entry: session check, header, hash router.
import 'uplot/dist/uPlot.min.css';
import './style.css';
import { api, currentSession, setSession, setUnauthorizedHandler, ApiError } from './api';
import { h, clear, toast } from './dom';
import { renderLogin } from './pages/login';
import { renderFleet } from './pages/fleet';
import { renderUnit } from './pages/unit';
import { renderHousehold } from './pages/household';
import { renderRuns, renderCompare } from './pages/runs';
import { renderReview } from './pages/review';
import { renderRun, renderCompareMany } from './pages/run';

export type Cleanup = (() => void) | void;
export interface Route { path: string; query: URLSearchParams }

const app = document.getElementById('app')!;
let cleanup: Cleanup;

export function parseHash(): Route {
  const raw = location.hash.replace(/^#/, '') || '/';
  const [path, qs] = raw.split('?', 2);
  return { path: path || '/', query: new URLSearchParams(qs ?? '') };
}

export function navigate(hash: string) {
  if (location.hash === hash) route();
  else location.hash = hash;
}

function header(): HTMLElement {
  const s = currentSession();
  const path = parseHash().path;
  const link = (href: string, text: string, active: boolean) =>
    h('a', { href, class: active ? 'active' : '' }, text);
  return h('header', { class: 'topbar' },
    h('a', { class: 'brand', href: '#/' }, 'heatloop'),
    h('nav', {},
      link('#/', 'Fleet', path === '/' || path.startsWith('/units')),
      link('#/runs', 'Runs', path.startsWith('/runs') || path.startsWith('/review'))),
    h('span', { class: 'spacer' }),
    s ? h('span', { class: 'user', 'data-role': s.user.role }, `${s.user.name} · ${s.user.role}`) : null,
    s ? h('button', { class: 'link', id: 'sign-out', onclick: signOut }, 'Sign out') : null,
    h('button', { class: 'link help-btn', title: 'Keyboard shortcuts (?)', onclick: () => toggleHelp() }, '?'));
}

async function signOut() {
  try { await api.signOut(); } catch { /* the session is gone either way */ }
  setSession(null);
  navigate('#/login');
}

async function route() {
  if (typeof cleanup === 'function') cleanup();
  cleanup = undefined;
  closeHelp();
  document.getElementById('toast')?.classList.add('hidden');
  const r = parseHash();
  if (!currentSession() && r.path !== '/login') {
    try {
      setSession(await api.getSession());
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 401) toast(String((e as Error).message), 'error');
      const next = location.hash && r.path !== '/login' ? location.hash : '';
      location.hash = '#/login' + (next ? '?next=' + encodeURIComponent(next) : '');
      return;
    }
  }
  const main = h('main', {});
  clear(app, r.path === '/login' ? null : header(), main);
  const hh = r.path.match(/^\/units\/(.+)\/household$/);
  const m = r.path.match(/^\/units\/(.+)$/);
  const rv = r.path.match(/^\/review\/(.+)$/);
  try {
    if (r.path === '/login') cleanup = renderLogin(main, r);
    else if (r.path === '/') cleanup = renderFleet(main);
    else if (hh) cleanup = renderHousehold(main, decodeURIComponent(hh[1]), r);
    else if (m) cleanup = renderUnit(main, decodeURIComponent(m[1]), r);
    else if (r.path === '/runs') cleanup = renderRuns(main);
    else if (r.path === '/runs/compare' && r.query.has('runs')) cleanup = renderCompareMany(main, r);  // reviewqueue: 3+ runs
    else if (r.path === '/runs/compare') cleanup = renderCompare(main, r);
    else if (r.path.startsWith('/runs/')) cleanup = renderRun(main, decodeURIComponent(r.path.slice(6)));  // reviewqueue: run page
    else if (rv) cleanup = renderReview(main, decodeURIComponent(rv[1]), r);
    else clear(main, h('p', {}, 'Page not found. '), h('a', { href: '#/' }, 'Back to the fleet'));
  } catch (e) {
    clear(main, h('p', { class: 'error' }, String(e)));
  }
}

// ---- keyboard help overlay (shared by every page) ----
const SHORTCUTS: [string, string][] = [
  ['n / p', 'next / previous label'],
  ['j / k', 'next / previous unit'],
  ['c', 'confirm the selected label'],
  ['r', 'reject the selected label'],
  ['s', 'split the selected label at the cursor'],
  ['Delete', 'delete the selected label (admin)'],
  ['l', 'toggle drag mode: zoom / draw label (Shift+drag draws too)'],
  ['z / Escape', 'zoom out to the whole range (Escape first closes forms)'],
  ['← / →', 'pan; mouse wheel zooms, Shift+wheel pans'],
  ['u', 'undo the last edit'],
  ['a / x', 'review queue: accept / reject the current item'],
  ['↓ / ↑', 'review queue: next / previous item; Enter opens it on the unit plot'],
  ['?', 'this help'],
];
function closeHelp() { document.getElementById('help-overlay')?.remove(); }
export function toggleHelp() {
  if (document.getElementById('help-overlay')) { closeHelp(); return; }
  const ov = h('div', { id: 'help-overlay', class: 'overlay', onclick: (e: Event) => { if (e.target === ov) closeHelp(); } },
    h('div', { class: 'dialog' },
      h('h2', {}, 'Keyboard shortcuts'),
      h('table', { class: 'shortcuts' }, SHORTCUTS.map(([k, d]) => h('tr', {}, h('td', {}, h('kbd', {}, k)), h('td', {}, d)))),
      h('button', { onclick: closeHelp }, 'Close')));
  document.body.appendChild(ov);
}
document.addEventListener('keydown', (e) => {
  const t = e.target as HTMLElement;
  if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT')) return;
  if (e.key === '?') { e.preventDefault(); toggleHelp(); }
  else if (e.key === 'Escape' && document.getElementById('help-overlay')) { e.stopImmediatePropagation(); closeHelp(); }
}, true);

setUnauthorizedHandler(() => {
  if (parseHash().path === '/login') return;
  setSession(null);
  toast('Your session has ended; please sign in again.', 'error');
  location.hash = '#/login';
});

window.addEventListener('hashchange', route);
route();
