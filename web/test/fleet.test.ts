import { describe, it, expect } from 'vitest';
import { sortUnits, FLEET_SORT_KEYS, isFleetSortKey } from '../src/pages/fleet_sort';
import type { UnitRow } from '../src/api';

// only the fields the sort reads (UnitRow gains fields as pages are added)
const row = (id: string, type: string, p: number, c: number, r: number, run: string | null, alarms = 0) =>
  ({ unit_id: id, type, label_counts: { proposed: p, confirmed: c, rejected: r }, latest_run: run ? { run_id: run, alarms } : null, has_tank: false }) as UnitRow;
const ROWS = [row('u1', 'GSHP', 1, 5, 0, 'bbb', 3), row('u2', 'ASHP', 2, 1, 4, null), row('u3', 'ASHP', 0, 3, 2, 'aaa', 7)];
const ids = (k: typeof FLEET_SORT_KEYS[number], o: 'asc' | 'desc') => sortUnits(ROWS, k, o).map((u) => u.unit_id);

describe('fleet sorting', () => {
  it('sorts every column', () => {
    expect(ids('confirmed', 'desc')).toEqual(['u1', 'u3', 'u2']);
    expect(ids('confirmed', 'asc')).toEqual(['u2', 'u3', 'u1']);
    expect(ids('rejected', 'desc')).toEqual(['u2', 'u3', 'u1']);
    expect(ids('proposed', 'desc')).toEqual(['u2', 'u1', 'u3']);
    expect(ids('type', 'asc')).toEqual(['u2', 'u3', 'u1']);
    expect(ids('unit_id', 'desc')).toEqual(['u3', 'u2', 'u1']);
  });
  it('puts units without a run last in both orders', () => {
    expect(ids('latest_run', 'asc')).toEqual(['u3', 'u1', 'u2']);
    expect(ids('latest_run', 'desc')).toEqual(['u1', 'u3', 'u2']);
    expect(ids('alarms', 'desc')).toEqual(['u3', 'u1', 'u2']);
  });
  it('knows its keys', () => {
    expect(isFleetSortKey('labels')).toBe(false);
    expect(isFleetSortKey('confirmed')).toBe(true);
    expect(isFleetSortKey(null)).toBe(false);
  });
});
