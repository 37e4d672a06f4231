// Pure logic of a run's review items shared by the review queue (pages/review.ts) and review on
// the plot (pages/unit/review.ts): what a decision means in words, one unit's items, cursor
// movement, the window that shows an item, the link back to the queue. No DOM: unit-tested.
import type { ReviewDecisionRow, ReviewItem } from './api';

export type Decision = 'accept' | 'reject';

// What a decision means for an item of that kind, in words for buttons and toasts.
export function decisionText(kind: string, d: Decision): string {
  if (kind === 'missed') return d === 'accept' ? 'label is right, the model missed it' : 'label is wrong (rejected)';
  return d === 'accept' ? 'accepted as a label' : 'rejected';
}

// The kind of an item from its key (the server's keys: "m..." missed, "c..." candidate).
export const kindOfKey = (key: string): 'missed' | 'candidate' => (key.startsWith('m') ? 'missed' : 'candidate');

// One unit's items in time order (start, then end, then key).
export function unitItems(items: ReviewItem[], unitId: string): ReviewItem[] {
  return items.filter((it) => it.unit_id === unitId)
    .sort((a, b) => a.start - b.start || a.end - b.end || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

// The items one unit's decisions were about (decisions the server kept the item of), as items:
// what the unit view lists as decided, wherever the decision was made. Newest decision first in
// `rows`; one item per key.
export function decidedItems(rows: ReviewDecisionRow[], unitId: string): ReviewItem[] {
  const out = new Map<string, ReviewItem>();
  for (const r of rows) {
    if (r.unit_id !== unitId || r.start === null || r.end === null || out.has(r.key)) continue;
    const kind = kindOfKey(r.key);
    out.set(r.key, { key: r.key, kind, unit_id: r.unit_id, start: r.start, end: r.end, score: r.score ?? 0,
      label_id: kind === 'missed' ? r.label_id : null, category: null });
  }
  return [...out.values()];
}

// The key the cursor moves to from `cur` by `dir` (+1 next, -1 previous) over `keys`: without a
// cursor (or one no longer listed) the first (next) or last (previous); stays at the ends.
export function stepCursor(keys: string[], cur: string | null, dir: 1 | -1): string | null {
  if (keys.length === 0) return null;
  const i = cur === null ? -1 : keys.indexOf(cur);
  if (i < 0) return dir > 0 ? keys[0] : keys[keys.length - 1];
  return keys[Math.max(0, Math.min(keys.length - 1, i + dir))];
}

// A window centred on an item with room on both sides (at least 6 hours), inside `range`.
export function itemWindow(it: { start: number; end: number }, range: [number, number]): [number, number] {
  const pad = Math.max((it.end - it.start) * 2, 6 * 3600_000);
  let a = it.start - pad, b = it.end + pad;
  if (a < range[0]) { b = Math.min(range[1], b + (range[0] - a)); a = range[0]; }
  if (b > range[1]) { a = Math.max(range[0], a - (b - range[1])); b = range[1]; }
  return [a, b];
}

// The review queue of a run at an item.
export const queueLink = (runId: string, key: string | null) =>
  `#/review/${encodeURIComponent(runId)}` + (key ? `?item=${encodeURIComponent(key)}` : '');
