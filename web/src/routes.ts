// The route table's matching: a hash path against patterns like '/units/:id/household'.
// Pure (no DOM), so the front-end unit tests cover it; main.ts holds the table itself.

export interface Route { path: string; query: URLSearchParams }
export type Cleanup = (() => void) | void;
export type Renderer = (main: HTMLElement, params: Record<string, string>, route: Route) => Cleanup;
export interface RouteDef { pattern: string; render: Renderer; chrome?: boolean }

// '#/units/a%2Fb?run=x' -> { path: '/units/a%2Fb', query: run=x }
export function parseHashString(hash: string): Route {
  const raw = hash.replace(/^#/, '') || '/';
  const i = raw.indexOf('?');
  const path = i < 0 ? raw : raw.slice(0, i);
  return { path: path || '/', query: new URLSearchParams(i < 0 ? '' : raw.slice(i + 1)) };
}

// Segments match one to one; ':name' takes one segment (percent-decoded), a final ':name*'
// takes the rest (so unit ids with an encoded or plain '/' still match). Literal segments
// win over parameters because the first matching route in table order is taken.
export function matchPattern(pattern: string, path: string): Record<string, string> | null {
  const ps = pattern.split('/').filter(Boolean);
  const xs = path.split('/').filter(Boolean);
  const out: Record<string, string> = {};
  for (let i = 0; i < ps.length; i++) {
    const p = ps[i];
    if (p.startsWith(':') && p.endsWith('*')) {
      if (i !== ps.length - 1 || xs.length <= i) return null;
      out[p.slice(1, -1)] = safeDecode(xs.slice(i).join('/'));
      return out;
    }
    if (i >= xs.length) return null;
    if (p.startsWith(':')) out[p.slice(1)] = safeDecode(xs[i]);
    else if (p !== xs[i]) return null;
  }
  return xs.length === ps.length ? out : null;
}

function safeDecode(s: string): string {
  try { return decodeURIComponent(s); } catch { return s; }
}

export function matchRoute(table: RouteDef[], path: string): { def: RouteDef; params: Record<string, string> } | null {
  for (const def of table) {
    const params = matchPattern(def.pattern, path);
    if (params) return { def, params };
  }
  return null;
}
