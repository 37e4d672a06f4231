// Times on the plots: tick labels (one line each: dates for day steps, hours within a day,
// the date at midnight) and full times, in UTC or in a unit's IANA time zone. Pure, covered
// by the front-end unit tests.

const p2 = (n: number) => String(n).padStart(2, '0');
interface Parts { y: number; mo: number; d: number; h: number; mi: number }

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', hourCycle: 'h23' });
    formatters.set(tz, f);
  }
  return f;
}

// True when the browser knows the IANA zone name.
export function validZone(tz: string): boolean {
  try { formatter(tz); return true; } catch { return false; }
}

export function partsIn(t: number, tz = 'UTC'): Parts {
  const d = new Date(t);
  if (tz === 'UTC') return { y: d.getUTCFullYear(), mo: d.getUTCMonth() + 1, d: d.getUTCDate(), h: d.getUTCHours(), mi: d.getUTCMinutes() };
  const o: Record<string, number> = {};
  for (const p of formatter(tz).formatToParts(d)) if (p.type !== 'literal') o[p.type] = Number(p.value);
  return { y: o.year, mo: o.month, d: o.day, h: o.hour % 24, mi: o.minute };
}

// 'YYYY-MM-DD HH:MM' in the zone.
export function fmtTimeIn(t: number, tz = 'UTC'): string {
  const p = partsIn(t, tz);
  return `${p.y}-${p2(p.mo)}-${p2(p.d)} ${p2(p.h)}:${p2(p.mi)}`;
}

export function tickLabel(t: number, incr: number, tz = 'UTC'): string {
  const p = partsIn(t, tz);
  const date = `${p2(p.mo)}-${p2(p.d)}`;
  if (incr >= 86_400_000) return date;
  return p.h === 0 && p.mi === 0 ? date : `${p2(p.h)}:${p2(p.mi)}`;
}

// uPlot's axis `values` callback for a zone.
export function timeTicksIn(tz = 'UTC') {
  return (_u: unknown, splits: number[], _ai: number, _space: number, incr: number): string[] => splits.map((t) => tickLabel(t, incr, tz));
}
export const timeTicks = timeTicksIn('UTC');
