// Shareable unit views: the URL's query holds the time window, the run, the visible channels,
// the selected label and the time zone, so a reload or a sent link opens the same view.
// Pure (no DOM), covered by the front-end unit tests.

export interface ViewQuery {
  from: number | null;
  to: number | null;
  run: string;
  channels: string[] | null;      // null: the saved choice
  label: number | null;
  tz: 'utc' | 'local';
  item?: string | null;           // review on the plot: the run's review item at the cursor
}

export function readViewQuery(q: URLSearchParams): ViewQuery {
  const num = (k: string) => {
    const v = q.get(k);
    if (v === null || v.trim() === '') return null;
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
  };
  const ch = q.get('ch');
  return {
    from: num('from'),
    to: num('to'),
    run: q.get('run') ?? '',
    channels: ch === null ? null : ch.split(',').map((c) => c.trim()).filter(Boolean),
    label: num('label'),
    tz: q.get('tz') === 'local' ? 'local' : 'utc',
    item: q.get('item') || null,
  };
}

export function writeViewQuery(v: ViewQuery): string {
  const q = new URLSearchParams();
  if (v.run) q.set('run', v.run);
  if (v.from !== null && v.to !== null) { q.set('from', String(Math.floor(v.from))); q.set('to', String(Math.ceil(v.to))); }
  if (v.channels !== null) q.set('ch', v.channels.join(','));
  if (v.label !== null) q.set('label', String(v.label));
  if (v.tz === 'local') q.set('tz', 'local');
  if (v.item) q.set('item', v.item);
  return q.toString();
}

// The window a query asks for, inside the unit's range; the whole range without a valid one.
export function windowFrom(v: ViewQuery, range: [number, number]): [number, number] {
  if (v.from === null || v.to === null || !(v.to > v.from)) return range;
  const a = Math.max(range[0], v.from), b = Math.min(range[1], v.to);
  return b > a ? [a, b] : range;
}
