// Small DOM and formatting helpers (no framework).

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

// Colour of a label category: a fixed palette for the known ones, a hash for the rest.
const PALETTE = ['#e6550d', '#3182bd', '#31a354', '#756bb1', '#d6616b', '#8c6d31', '#17becf', '#bcbd22', '#7f7f7f', '#e377c2'];
const KNOWN: Record<string, string> = {
  compressor_failure: '#d62728', refrigerant_leak: '#9467bd', sensor_fault: '#8c564b',
  unknown_anomaly: '#e6550d', defrost_issue: '#17becf', short_cycling: '#2ca02c',
};
export function categoryColor(cat: string): string {
  if (KNOWN[cat]) return KNOWN[cat];
  let x = 0;
  for (let i = 0; i < cat.length; i++) x = (x * 31 + cat.charCodeAt(i)) >>> 0;
  return PALETTE[x % PALETTE.length];
}

export function isTyping(e: KeyboardEvent): boolean {
  const t = e.target as HTMLElement | null;
  if (!t) return false;
  const tag = t.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || t.isContentEditable;
}
