// Small DOM and formatting helpers (no framework).

import { isTextEntry, KeyTarget } from './keys';

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | EventListener | null | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Child | Child[])[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') e.addEventListener(k.slice(2), v as EventListener);
    else if (k === 'class') e.className = String(v);
    else if (k === 'value' && 'value' in e) (e as any).value = v;
    else if (v === true) e.setAttribute(k, '');
    else e.setAttribute(k, String(v));
  }
  append(e, children);
  return e;
}

function append(e: Node, children: (Child | Child[])[]) {
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    e.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function clear(e: Element, ...children: (Child | Child[])[]) {
  e.replaceChildren();
  append(e, children);
}

const pad = (n: number) => String(n).padStart(2, '0');
export function fmtTime(ms: number | string | null | undefined): string {
  if (ms === null || ms === undefined || ms === '') return '';
  const d = typeof ms === 'string' && !/^\d+$/.test(ms) ? new Date(ms) : new Date(Number(ms));
  if (isNaN(d.getTime())) return String(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

export function fmtDuration(ms: number): string {
  const m = Math.round(ms / 60000);
  if (m < 120) return `${m} min`;
  const hrs = m / 60;
  if (hrs < 48) return `${hrs.toFixed(1)} h`;
  return `${(hrs / 24).toFixed(1)} d`;
}

export function fmtNum(x: number | null | undefined, digits = 3): string {
  if (x === null || x === undefined || Number.isNaN(x)) return '–';
  if (Number.isInteger(x)) return String(x);
  return x.toFixed(digits);
}

let toastTimer = 0;
export function toast(msg: string, kind: 'info' | 'error' = 'info') {
  let t = document.getElementById('toast');
  if (!t) { t = h('div', { id: 'toast', role: 'status' }); document.body.appendChild(t); }
  t.textContent = msg;
  t.className = 'toast ' + kind;
  window.clearTimeout(toastTimer);
  toastTimer = window.setTimeout(() => { t!.className = 'toast hidden'; }, kind === 'error' ? 6000 : 2500);
}

// Kept here for the pages that import them from dom: colours live in colors.ts, the
// shortcut gate in keys.ts.
export { categoryColor } from './colors';

// True when the key belongs to the focused text field or select (a checkbox or button does
// not take letters). Pages that want shortcuts on a focused select too use keys.shortcutAllowed.
export function isTyping(e: KeyboardEvent): boolean {
  const t = e.target as unknown as KeyTarget | null;
  return isTextEntry(t) || t?.tagName?.toUpperCase() === 'SELECT';
}
