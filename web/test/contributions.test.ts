import { describe, it, expect } from 'vitest';
import { alarmAt, baseChannel, shortNames, contributionColor, plottedChannels, sameList, shares, topChannelText, topChannels, unitTopChannels } from '../src/contributions';
import { channelColor } from '../src/colors';
import type { Alarm } from '../src/api';

const alarm = (start: number, end: number, channels: [string, number][] = []): Alarm =>
  ({ start, end, peak_score: 1, channels: channels.map(([channel, mean_abs]) => ({ channel, mean_abs })) });

describe('shares', () => {
  it('ranks largest first and gives each its share of the total', () => {
    const s = shares([{ channel: 'a', mean_abs: 1 }, { channel: 'b', mean_abs: 3 }]);
    expect(s.map((x) => x.channel)).toEqual(['b', 'a']);
    expect(s[0].share).toBeCloseTo(0.75);
    expect(s[1].share).toBeCloseTo(0.25);
  });
  it('keeps the order of ties and gives zero shares when the total is zero', () => {
    expect(shares([{ channel: 'x', mean_abs: 2 }, { channel: 'y', mean_abs: 2 }]).map((x) => x.channel)).toEqual(['x', 'y']);
    expect(shares([{ channel: 'z', mean_abs: 0 }])[0].share).toBe(0);
    expect(shares([])).toEqual([]);
  });
});

describe('alarmAt', () => {
  const alarms = [alarm(0, 10), alarm(20, 40), alarm(45, 50)];
  it('finds the alarm overlapping a review item the most', () => {
    expect(alarmAt(alarms, { start: 20, end: 40 })).toBe(alarms[1]);
    expect(alarmAt(alarms, { start: 38, end: 50 })).toBe(alarms[2]);   // 5 ms of the third over 2 of the second
  });
  it('is null when none overlaps (a missed label has no alarm)', () => {
    expect(alarmAt(alarms, { start: 10, end: 20 })).toBeNull();
    expect(alarmAt([], { start: 0, end: 5 })).toBeNull();
  });
});

describe('topChannels and plottedChannels', () => {
  const a1 = alarm(0, 10, [['residual.t_supply', 1], ['residual.t_return', 5], ['residual.cop', 3]]);
  const a2 = alarm(20, 30, [['residual.cop', 4], ['residual.t_supply', 4]]);
  it('picks the n largest of an alarm', () => {
    expect(topChannels(a1.channels!, 2)).toEqual(['residual.t_return', 'residual.cop']);
  });
  it('ranks a unit\'s channels by their summed shares over its alarms', () => {
    // cop 3/9 + 4/8, t_return 5/9, t_supply 1/9 + 4/8
    expect(unitTopChannels([a1, a2], 3)).toEqual(['residual.cop', 'residual.t_supply', 'residual.t_return']);
    expect(unitTopChannels([alarm(0, 1)], 3)).toEqual([]);
  });
  it('plots the current alarm\'s top channels, else the unit\'s', () => {
    expect(plottedChannels([a1, a2], a1, 1)).toEqual(['residual.t_return']);
    expect(plottedChannels([a1, a2], alarm(50, 60), 1)).toEqual(['residual.cop']);
    expect(plottedChannels([a1, a2], null, 2)).toEqual(['residual.cop', 'residual.t_supply']);
  });
});

describe('names, colours, tooltips', () => {
  it('colours a contribution like its input channel', () => {
    expect(baseChannel('residual.t_supply')).toBe('t_supply');
    expect(baseChannel('plain')).toBe('plain');
    expect(baseChannel('trailing.')).toBe('trailing.');
    expect(contributionColor('residual.t_supply')).toBe(channelColor('t_supply'));
    expect(contributionColor('residual.t_supply')).not.toBe(contributionColor('residual.t_outdoor'));
  });
  it('shortens names to their input channels unless that makes two alike', () => {
    expect(shortNames(['residual.t_supply', 'residual.cop'])).toEqual(['t_supply', 'cop']);
    expect(shortNames(['residual.t_supply', 'forecast.t_supply'])).toEqual(['residual.t_supply', 'forecast.t_supply']);
  });
  it('names the top channel with its share', () => {
    expect(topChannelText(alarm(0, 1, [['a', 1], ['b', 3]]))).toBe('top channel: b (75%)');
    expect(topChannelText(alarm(0, 1))).toBe('');
    expect(topChannelText({ start: 0, end: 1, peak_score: 1 })).toBe('');
  });
  it('compares channel lists in order', () => {
    expect(sameList(['a', 'b'], ['a', 'b'])).toBe(true);
    expect(sameList(['a', 'b'], ['b', 'a'])).toBe(false);
    expect(sameList([], ['a'])).toBe(false);
  });
});
