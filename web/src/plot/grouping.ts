// Which channels share a plot. A plot holds channels of one physical unit only: channels given
// the same plot number but different units get separate plots (cop, lift and humidity never
// share an axis labelled "K"). The saved choice is kept per unit type, so a change on a
// ground-source unit does not regroup an air-source unit. Pure, covered by the unit tests.

export interface ChanCfg { name: string; unit: string; visible: boolean; group: number; derived: boolean; description?: string }
export interface PlotGroup { key: string; channels: string[]; unit: string }
export type SavedCfg = Record<string, { visible: boolean; group: number }>;

export const DEFAULT_VISIBLE = ['t_outdoor', 't_supply', 't_return', 'compressor_power', 'heat_output', 'cop'];
export const DEFAULT_OVERLAY: Record<string, string> = { t_return: 't_supply', heat_output: 'compressor_power' };
const DERIVED_UNITS: Record<string, string> = { lift: 'K', cop: '' };

export function storeKey(unitType: string): string {
  return 'heatloop.channels.' + (unitType || 'unknown');
}

export function channelConfig(channels: { name: string; unit: string }[],
                              derived: { name: string; description: string }[], saved: SavedCfg): ChanCfg[] {
  const all: ChanCfg[] = [
    ...channels.map((c) => ({ name: c.name, unit: c.unit, visible: false, group: 0, derived: false })),
    ...derived.map((d) => ({ name: d.name, unit: DERIVED_UNITS[d.name] ?? '', visible: false, group: 0, derived: true, description: d.description })),
  ];
  const anyDefault = all.some((c) => DEFAULT_VISIBLE.includes(c.name));
  all.forEach((c, i) => {
    c.group = i + 1;
    c.visible = anyDefault ? DEFAULT_VISIBLE.includes(c.name) : i < 4;
  });
  for (const c of all) {
    const base = DEFAULT_OVERLAY[c.name] && all.find((x) => x.name === DEFAULT_OVERLAY[c.name]);
    if (base && base.unit === c.unit) c.group = base.group;
  }
  for (const c of all) {
    const s = saved[c.name];
    if (s) { c.visible = !!s.visible; c.group = Math.max(1, Math.min(all.length, Number(s.group) || c.group)); }
  }
  return all;
}

export function savedConfig(chans: ChanCfg[]): SavedCfg {
  const out: SavedCfg = {};
  for (const c of chans) out[c.name] = { visible: c.visible, group: c.group };
  return out;
}

// The visible channels as plots, in plot-number order; within a number, one plot per unit.
export function plotGroups(chans: ChanCfg[]): PlotGroup[] {
  const byKey = new Map<string, PlotGroup & { g: number }>();
  for (const c of chans) {
    if (!c.visible) continue;
    const key = `g${c.group}` + (c.unit ? `-${c.unit}` : '-none');
    if (!byKey.has(key)) byKey.set(key, { key, channels: [], unit: c.unit, g: c.group });
    byKey.get(key)!.channels.push(c.name);
  }
  return [...byKey.values()].sort((a, b) => a.g - b.g).map(({ key, channels, unit }) => ({ key, channels, unit }));
}
