// Which channels share a plot. Channels given the same plot number overlay on one plot; a
// y-axis holds one physical unit only: the plot's first unit is on the left axis, a second
// unit gets a second y-axis on the right, and channels of any further unit get a plot of
// their own (cop, lift and humidity never share an axis labelled "K"). A channel without a
// unit counts as a unit of its own (cop and a unitless humidity do not share an axis). The saved choice is kept per unit type, so a change on a
// ground-source unit does not regroup an air-source unit. Pure, covered by the unit tests.

export interface ChanCfg { name: string; unit: string; visible: boolean; group: number; derived: boolean; description?: string }
export interface PlotGroup {
  key: string;
  channels: string[];
  unit: string;                   // the left axis's unit
  unit2: string | null;           // the right axis's unit, when the overlay has a second one
  right: string[];                // the channels on the right axis
}
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

// The visible channels as plots, in plot-number order (channel order within a number).
export function plotGroups(chans: ChanCfg[]): PlotGroup[] {
  type P = PlotGroup & { g: number; k1: string; k2: string | null };
  const out: P[] = [];
  const main = new Map<number, P>();
  const extra = new Map<string, P>();
  for (const c of chans) {
    if (!c.visible) continue;
    const k = c.unit || `#${c.name}`;           // a channel without a unit is alone on its axis
    let p = main.get(c.group);
    if (!p) {
      p = { key: `g${c.group}`, channels: [], unit: c.unit, unit2: null, right: [], g: c.group, k1: k, k2: null };
      main.set(c.group, p);
      out.push(p);
    }
    if (k === p.k1) { p.channels.push(c.name); continue; }
    if (p.k2 === null || p.k2 === k) {
      p.k2 = k;
      p.unit2 = c.unit;
      p.channels.push(c.name);
      p.right.push(c.name);
      continue;
    }
    const key = `g${c.group}-${k}`;
    let q = extra.get(key);
    if (!q) { q = { key, channels: [], unit: c.unit, unit2: null, right: [], g: c.group, k1: k, k2: null }; extra.set(key, q); out.push(q); }
    q.channels.push(c.name);
  }
  return out.sort((a, b) => a.g - b.g).map(({ key, channels, unit, unit2, right }) => ({ key, channels, unit, unit2, right }));
}
