// Min/max buckets -> two points per bucket (the envelope: min at the bucket's start, max half
// a bucket later); a null stays null (a gap in the line). Pure.
import type { MinMax } from '../api';

export type Aligned = [number[], ...(number | null)[][]];

export function envelope(t: number[], bucket: number, cols: MinMax[]): Aligned {
  const n = t.length;
  const half = Math.max(1, Math.floor(bucket / 2));
  const x = new Array<number>(2 * n);
  for (let i = 0; i < n; i++) { x[2 * i] = t[i]; x[2 * i + 1] = t[i] + half; }
  const ys = cols.map((c) => {
    const y = new Array<number | null>(2 * n);
    for (let i = 0; i < n; i++) { y[2 * i] = c.min[i] ?? null; y[2 * i + 1] = c.max[i] ?? null; }
    return y;
  });
  return [x, ...ys];
}
