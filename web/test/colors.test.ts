import { describe, it, expect } from 'vitest';
import { channelColor, categoryColor, CHANNEL_PALETTE, CATEGORY_PALETTE, ALARM_RED, contrastRatio, textOn } from '../src/colors';

const rgb = (hex: string) => { const n = parseInt(hex.slice(1), 16); return [(n >> 16) & 255, (n >> 8) & 255, n & 255]; };
const dist = (a: string, b: string) => Math.hypot(...rgb(a).map((v, i) => v - rgb(b)[i]));
const CATS = ['compressor_failure', 'refrigerant_leak', 'sensor_fault', 'unknown_anomaly', 'defrost_issue', 'short_cycling', 'shower_event',
  'aux_heater_stuck', 'circulation_failure', 'made_up_category'];

describe('colours', () => {
  it('gives a channel the same colour whatever the unit\'s channel list', () => {
    expect(channelColor('cop')).toBe(channelColor('cop'));
    expect(channelColor('cop')).not.toBe(channelColor('t_outdoor'));
    expect(channelColor('some_new_channel')).toBe(channelColor('some_new_channel'));
    expect(CHANNEL_PALETTE).toContain(channelColor('some_new_channel'));
  });
  it('keeps the common channels apart', () => {
    const names = ['t_outdoor', 't_supply', 't_return', 'compressor_power', 'heat_output', 'cop', 'lift', 'humidity', 't_tank_mid', 't_tank_top', 't_indoor', 'compressor_on', 'mode', 'solar_radiation', 't_brine_in', 't_brine_out'];
    expect(new Set(names.map(channelColor)).size).toBe(names.length);
  });
  it('keeps category colours away from channel colours and the alarm red', () => {
    for (const c of CATS) {
      const col = categoryColor(c);
      expect(CATEGORY_PALETTE).toContain(col);
      expect(dist(col, ALARM_RED), `${c} vs alarm red`).toBeGreaterThan(60);
      for (const ch of CHANNEL_PALETTE) expect(dist(col, ch), `${c} ${col} vs channel ${ch}`).toBeGreaterThan(45);
    }
    expect(categoryColor('compressor_failure')).not.toBe(ALARM_RED);
  });
  it('gives the known categories distinct colours', () => {
    const known = CATS.slice(0, 9);
    expect(new Set(known.map(categoryColor)).size).toBe(known.length);
  });
  it('writes band names with at least 4.5:1 contrast', () => {
    for (const col of [...CATEGORY_PALETTE, '#d1d5db']) expect(contrastRatio(col, textOn(col))).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio('#ffffff', '#000000')).toBeCloseTo(21, 5);
  });
});
