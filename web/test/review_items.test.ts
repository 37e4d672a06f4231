import { describe, it, expect } from 'vitest';
import { decidedItems, decisionText, itemWindow, kindOfKey, queueLink, stepCursor, unitItems } from '../src/review_items';
import type { ReviewItem } from '../src/api';

const item = (key: string, unit: string, start: number, end = start + 10): ReviewItem =>
  ({ key, kind: key.startsWith('m') ? 'missed' : 'candidate', unit_id: unit, start, end, score: 1, label_id: null, category: null });

describe('unitItems', () => {
  it('keeps only the unit, in time order', () => {
    const items = [item('c3', 'u1', 300), item('c1', 'u2', 100), item('m2', 'u1', 200), item('c4', 'u1', 200, 250)];
    expect(unitItems(items, 'u1').map((i) => i.key)).toEqual(['m2', 'c4', 'c3']);
    expect(unitItems(items, 'u9')).toEqual([]);
  });
});

describe('stepCursor', () => {
  const keys = ['a', 'b', 'c'];
  it('starts at the first (next) or last (previous) item without a cursor', () => {
    expect(stepCursor(keys, null, 1)).toBe('a');
    expect(stepCursor(keys, null, -1)).toBe('c');
    expect(stepCursor(keys, 'gone', 1)).toBe('a');
  });
  it('moves by one and stays at the ends', () => {
    expect(stepCursor(keys, 'a', 1)).toBe('b');
    expect(stepCursor(keys, 'b', -1)).toBe('a');
    expect(stepCursor(keys, 'c', 1)).toBe('c');
    expect(stepCursor(keys, 'a', -1)).toBe('a');
    expect(stepCursor([], null, 1)).toBeNull();
  });
});

describe('itemWindow', () => {
  const H = 3600_000;
  it('centres the item with at least 6 hours each side', () => {
    expect(itemWindow({ start: 100 * H, end: 101 * H }, [0, 1000 * H])).toEqual([94 * H, 107 * H]);
  });
  it('shifts inside the range at its ends', () => {
    expect(itemWindow({ start: 1 * H, end: 2 * H }, [0, 1000 * H])).toEqual([0, 13 * H]);
    expect(itemWindow({ start: 998 * H, end: 999 * H }, [0, 1000 * H])).toEqual([987 * H, 1000 * H]);
    expect(itemWindow({ start: 0, end: 1000 * H }, [0, 1000 * H])).toEqual([0, 1000 * H]);
  });
});

describe('decision words and links', () => {
  it('tells the two decisions on a missed label apart', () => {
    expect(decisionText('missed', 'accept')).toBe('label is right, the model missed it');
    expect(decisionText('missed', 'reject')).toBe('label is wrong (rejected)');
    expect(decisionText('candidate', 'accept')).toBe('accepted as a label');
    expect(kindOfKey('m12')).toBe('missed');
    expect(kindOfKey('c3')).toBe('candidate');
  });
  it('links to the queue at the item', () => {
    expect(queueLink('r 1', 'c/2')).toBe('#/review/r%201?item=c%2F2');
    expect(queueLink('r1', null)).toBe('#/review/r1');
  });
});

describe('decided items', () => {
  const row = (key: string, unit: string | null, start: number | null, decision: 'accept' | 'reject' = 'reject', label: number | null = null) =>
    ({ key, decision, who: 'r', at: 1, label_id: label, unit_id: unit, start, end: start === null ? null : start + 10, score: 2 });
  it('turns one unit\'s decisions into items, one per key, the newest decision kept', () => {
    const items = decidedItems([row('c1', 'u1', 100), row('m7', 'u1', 50, 'accept', 7), row('c1', 'u1', 100, 'accept'), row('c2', 'u2', 5)], 'u1');
    expect(items.map((i) => i.key)).toEqual(['c1', 'm7']);
    expect(items[1]).toEqual({ key: 'm7', kind: 'missed', unit_id: 'u1', start: 50, end: 60, score: 2, label_id: 7, category: null });
    expect(items[0].kind).toBe('candidate');
    expect(items[0].label_id).toBeNull();
  });
  it('leaves out decisions recorded without their item', () => {
    expect(decidedItems([row('c9', null, null)], 'u1')).toEqual([]);
  });
});
