// Entry: session check, header, and the route table (path pattern -> page renderer).
// To add a page: write pages/<name>.ts exporting a renderer
// `(main, params, route) => cleanup` and add one line to ROUTES below.
import 'uplot/dist/uPlot.min.css';
import './style.css';
import { api, currentSession, setSession, setUnauthorizedHandler, ApiError } from './api';
import { h, clear, toast } from './dom';
import { shortcutAllowed } from './keys';
import { toggleHelp, closeHelp } from './help';
import { parseHashString, matchRoute, Route, RouteDef, Cleanup } from './routes';
import { renderLogin } from './pages/login';
import { renderFleet } from './pages/fleet';
import { renderUnit } from './pages/unit/index';
import { renderHousehold } from './pages/household';
import { renderMeter } from './pages/meter';
import { renderMeters } from './pages/meters';
import { renderRuns, renderCompare } from './pages/runs';
import { renderReview } from './pages/review';
import { renderSimilarQueue } from './similar';
import { renderRun, renderCompareMany } from './pages/run';

export type { Cleanup, Route } from './routes';

// First match wins: literal routes before parameter routes of the same shape.
const ROUTES: RouteDef[] = [
  { pattern: '/login', render: (m, _p, r) => renderLogin(m, r), chrome: false },
  { pattern: '/', render: (m) => renderFleet(m) },
  { pattern: '/runs', render: (m) => renderRuns(m) },
  { pattern: '/runs/compare', render: (m, _p, r) => (r.query.has('runs') ? renderCompareMany(m, r) : renderCompare(m, r)) },
  { pattern: '/runs/:run*', render: (m, p) => renderRun(m, p.run) },
  { pattern: '/review/:run*', render: (m, p, r) => renderReview(m, p.run, r) },
  { pattern: '/similar/:id', render: (m, p) => renderSimilarQueue(m, Number(p.id)) },
  { pattern: '/meters', render: (m) => renderMeters(m) },
  { pattern: '/meters/:meter*', render: (m, p, r) => renderMeter(m, p.meter, r) },
  { pattern: '/units/:unit/household', render: (m, p, r) => renderHousehold(m, p.unit, r) },
  { pattern: '/units/:unit*', render: (m, p, r) => renderUnit(m, p.unit, r) },
];

const app = document.getElementById('app')!;
let cleanup: Cleanup;

export function parseHash(): Route {
  return parseHashString(location.hash);
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
  const found = matchRoute(ROUTES, r.path);
  const main = h('main', {});
  clear(app, found?.def.chrome === false ? null : header(), main);
  try {
    if (found) cleanup = found.def.render(main, found.params, r);
    else clear(main, h('p', {}, 'Page not found. '), h('a', { href: '#/' }, 'Back to the fleet'));
  } catch (e) {
    clear(main, h('p', { class: 'error' }, String(e)));
  }
  if (pendingToast) { toast(pendingToast, 'error'); pendingToast = ''; }
}

// ---- keyboard help overlay (shared by every page) ----
// On the sign-in page `?` also works from the (empty) user field, where the focus starts.
function helpKeyAllowed(e: KeyboardEvent): boolean {
  if (shortcutAllowed(e)) return true;
  const t = e.target as HTMLInputElement | null;
  return parseHash().path === '/login' && t?.id === 'username' && t.value === '';
}
document.addEventListener('keydown', (e) => {
  if (!helpKeyAllowed(e)) return;
  if (e.key === '?') { e.preventDefault(); toggleHelp(); }
  else if (e.key === 'Escape' && document.getElementById('help-overlay')) { e.stopImmediatePropagation(); closeHelp(); }
}, true);

// A request found the session gone: sign in again and come back to the same page (a label
// being drawn is kept as a draft by the unit view).
let pendingToast = '';
setUnauthorizedHandler(() => {
  if (parseHash().path === '/login') return;
  setSession(null);
  pendingToast = 'Your session has ended. Sign in again to continue where you were (a label you were drawing is kept).';
  location.hash = '#/login?expired=1&next=' + encodeURIComponent(location.hash || '#/');
});

window.addEventListener('hashchange', route);
route();
