// Time-axis tick labels (UTC, one line each): dates for day steps, hours within a day, the
// date at midnight. Pure, covered by the front-end unit tests.

const p2 = (n: number) => String(n).padStart(2, '0');

export function tickLabel(t: number, incr: number): string {
  const d = new Date(t);
  const date = `${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}`;
  if (incr >= 86_400_000) return date;
  const midnight = d.getUTCHours() === 0 && d.getUTCMinutes() === 0;
  return midnight ? date : `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}`;
}

// uPlot's axis `values` callback signature.
export function timeTicks(_u: unknown, splits: number[], _ai: number, _space: number, incr: number): string[] {
  return splits.map((t) => tickLabel(t, incr));
}
