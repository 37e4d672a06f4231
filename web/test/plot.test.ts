import { describe, it, expect } from 'vitest';
import { channelConfig, plotGroups, savedConfig, storeKey } from '../src/plot/grouping';
import { envelope } from '../src/plot/envelope';
import { tickLabel } from '../src/plot/time_axis';
import { visibleTags, tagWidth } from '../src/plot/tags';
import { heatColor, heatFraction } from '../src/plot/heatmap';
import { dragAction, clampView } from '../src/plot/series_plot';

const AIR = [{ name: 't_outdoor', unit: '°C' }, { name: 't_supply', unit: '°C' }, { name: 't_return', unit: '°C' },
  { name: 'compressor_power', unit: 'kW' }, { name: 'heat_output', unit: 'kW' }, { name: 'humidity', unit: '%' }];
const GROUND = [{ name: 't_brine_in', unit: '°C' }, { name: 't_supply', unit: '°C' }, { name: 't_return', unit: '°C' },
  { name: 'compressor_power', unit: 'kW' }, { name: 'heat_output', unit: 'kW' }];
const DERIVED = [{ name: 'cop', description: '' }, { name: 'lift', description: '' }];

describe('plot grouping', () => {
  it('overlays t_return on t_supply and heat_output on compressor_power by default', () => {
    const g = plotGroups(channelConfig(AIR, DERIVED, {}));
    expect(g.map((x) => x.channels)).toEqual([['t_outdoor'], ['t_supply', 't_return'], ['compressor_power', 'heat_output'], ['cop']]);
    expect(g[1].unit).toBe('°C');
  });
  it('never puts channels of different units on one axis', () => {
    const cfg = channelConfig(AIR, DERIVED, {});
    for (const c of cfg) { c.visible = true; c.group = 1; }
    const g = plotGroups(cfg);
    const unitOf = (n: string) => cfg.find((c) => c.name === n)!.unit;
    for (const p of g) {
      const left = p.channels.filter((c) => !p.right.includes(c));
      expect(new Set(left.map(unitOf))).toEqual(new Set([p.unit]));
      if (p.right.length) expect(new Set(p.right.map(unitOf))).toEqual(new Set([p.unit2]));
    }
    // °C left and kW right on the first plot; %, cop's none and lift's K each on their own
    expect(g[0]).toMatchObject({ unit: '°C', unit2: 'kW', right: ['compressor_power', 'heat_output'] });
    expect(g.map((p) => p.channels)).toEqual([['t_outdoor', 't_supply', 't_return', 'compressor_power', 'heat_output'], ['humidity'], ['cop'], ['lift']]);
    expect(new Set(g.map((p) => p.key)).size).toBe(g.length);
  });
  it('overlays two units on one plot with a second y-axis', () => {
    const cfg = channelConfig(AIR, DERIVED, {});
    for (const c of cfg) c.visible = c.name === 'cop' || c.name === 'lift';
    cfg.find((c) => c.name === 'lift')!.group = cfg.find((c) => c.name === 'cop')!.group;
    expect(plotGroups(cfg)).toEqual([{ key: expect.any(String), channels: ['cop', 'lift'], unit: '', unit2: 'K', right: ['lift'] }]);
  });
  it('gives every channel without a unit an axis of its own', () => {
    const cfg = channelConfig([{ name: 'humidity', unit: '' }, { name: 'mode', unit: '' }], DERIVED, {});
    for (const c of cfg) { c.visible = true; c.group = 1; }
    const g = plotGroups(cfg);
    expect(g.map((p) => [p.channels, p.right])).toEqual([[['humidity', 'mode'], ['mode']], [['cop'], []], [['lift'], []]]);
  });
  it('keeps the saved choice per unit type', () => {
    expect(storeKey('ground_source')).not.toBe(storeKey('air_source'));
    const ground = channelConfig(GROUND, DERIVED, {});
    ground.find((c) => c.name === 'cop')!.group = 7;   // a change on a ground-source unit
    const saved = savedConfig(ground);
    expect(saved.cop.group).toBe(7);
    // an air-source unit loads its own (empty) store: its defaults are untouched
    const air = plotGroups(channelConfig(AIR, DERIVED, {}));
    expect(air.find((p) => p.channels.includes('cop'))!.channels).toEqual(['cop']);
  });
  it('clamps a saved plot number into range', () => {
    const cfg = channelConfig(AIR, DERIVED, { cop: { visible: true, group: 99 } });
    expect(cfg.find((c) => c.name === 'cop')!.group).toBe(AIR.length + DERIVED.length);
  });
});

describe('envelope', () => {
  it('draws each bucket as its min and max, gaps stay null', () => {
    const d = envelope([0, 100], 100, [{ min: [1, null], max: [3, null] }]);
    expect(d[0]).toEqual([0, 50, 100, 150]);
    expect(d[1]).toEqual([1, 3, null, null]);
  });
});

describe('time axis', () => {
  const t = Date.UTC(2026, 0, 5, 13, 30);
  it('shows dates for day steps and hours within a day, in UTC', () => {
    expect(tickLabel(t, 86_400_000)).toBe('01-05');
    expect(tickLabel(t, 3_600_000)).toBe('13:30');
    expect(tickLabel(Date.UTC(2026, 0, 6), 3_600_000)).toBe('01-06');
  });
});

describe('band name tags', () => {
  it('drops tags that would overlap when zoomed out', () => {
    const bands = [0, 5, 10, 200].map((left, i) => ({ id: i, left, width: 3, text: 'compressor_failure' }));
    const shown = visibleTags(bands, 1000);
    expect([...shown].sort()).toEqual([0, 3]);
  });
  it('drops a tag that would run past the plot', () => {
    expect(visibleTags([{ id: 1, left: 990, width: 5, text: 'sensor_fault' }], 1000).size).toBe(0);
    expect(tagWidth('abc')).toBeGreaterThan(0);
  });
});

describe('heat map colours', () => {
  it('runs white to dark red over the range', () => {
    expect(heatColor(0)).toBe('rgb(255, 255, 255)');
    expect(heatColor(1)).toBe('rgb(165, 15, 21)');
    expect(heatFraction(5, 0, 10)).toBe(0.5);
    expect(heatFraction(5, 0, 0)).toBe(0);
    expect(heatFraction(20, 0, 10)).toBe(1);
  });
});

describe('series plot interaction', () => {
  it('Shift+drag selects and does not zoom', () => {
    expect(dragAction(true, false, true)).toBe('select');
    expect(dragAction(false, true, true)).toBe('select');
    expect(dragAction(false, false, true)).toBe('zoom');
    expect(dragAction(true, false, false)).toBe('zoom');   // a viewer cannot draw
  });
  it('keeps the view inside the data and at least the minimum span', () => {
    expect(clampView(-50, 50, [0, 1000], 10)).toEqual([0, 100]);
    expect(clampView(500, 501, [0, 1000], 10)).toEqual([495.5, 505.5]);
    expect(clampView(-10, 2000, [0, 1000], 10)).toEqual([0, 1000]);
  });
});

describe('times in a unit\'s time zone', () => {
  const t = Date.UTC(2026, 6, 1, 22, 30);   // summer: Berlin is UTC+2
  it('formats in UTC and in an IANA zone', async () => {
    const { fmtTimeIn, tickLabel, validZone } = await import('../src/plot/time_axis');
    expect(fmtTimeIn(t)).toBe('2026-07-01 22:30');
    expect(fmtTimeIn(t, 'Europe/Berlin')).toBe('2026-07-02 00:30');
    expect(tickLabel(Date.UTC(2026, 6, 1, 22, 0), 3_600_000, 'Europe/Berlin')).toBe('07-02');   // local midnight
    expect(tickLabel(Date.UTC(2026, 0, 1, 12, 0), 3_600_000, 'America/New_York')).toBe('07:00');
    expect(validZone('Europe/Zurich')).toBe(true);
    expect(validZone('Mars/Olympus')).toBe(false);
  });
});

describe('navigator', () => {
  it('centres the window on a click', async () => {
    const { centreWindow } = await import('../src/plot/navigator');
    expect(centreWindow(100, 40)).toEqual([80, 120]);
  });
});
