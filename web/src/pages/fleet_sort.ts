// Sorting the fleet table by any column, in the browser (the fleet is one response). Ties
// keep unit id order; units without a run sort after those with one. Pure, unit-tested.
import type { UnitRow } from '../api';

export const FLEET_SORT_KEYS = ['unit_id', 'type', 'proposed', 'confirmed', 'rejected', 'latest_run', 'alarms'] as const;
export type FleetSortKey = typeof FLEET_SORT_KEYS[number];

export function isFleetSortKey(k: string | null): k is FleetSortKey {
  return k !== null && (FLEET_SORT_KEYS as readonly string[]).includes(k);
}

// Text columns start ascending, count columns descending (most first).
export const defaultOrder = (k: FleetSortKey): 'asc' | 'desc' => (k === 'unit_id' || k === 'type' || k === 'latest_run' ? 'asc' : 'desc');

function value(u: UnitRow, k: FleetSortKey): string | number | null {
  switch (k) {
    case 'unit_id': return u.unit_id;
    case 'type': return u.type;
    case 'proposed': case 'confirmed': case 'rejected': return u.label_counts[k] ?? 0;
    case 'latest_run': return u.latest_run?.run_id ?? null;
    case 'alarms': return u.latest_run ? u.latest_run.alarms : null;
  }
}

export function sortUnits(rows: UnitRow[], k: FleetSortKey, order: 'asc' | 'desc'): UnitRow[] {
  const dir = order === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = value(a, k), y = value(b, k);
    if (x !== y) {
      if (x === null) return 1;            // no run: last in either order
      if (y === null) return -1;
      return (x < y ? -1 : 1) * dir;
    }
    return a.unit_id < b.unit_id ? -1 : a.unit_id > b.unit_id ? 1 : 0;
  });
}
