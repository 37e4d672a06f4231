import { describe, it, expect } from 'vitest';
import { readViewQuery, writeViewQuery, windowFrom } from '../src/pages/unit/url';

describe('shareable unit view URLs', () => {
  it('round-trips window, run, channels, label, time zone and review item', () => {
    const v = { from: 1000.4, to: 5000.2, run: 'abc123', channels: ['t_outdoor', 'cop'], label: 7, tz: 'local' as const, item: 'c/1 2' };
    const back = readViewQuery(new URLSearchParams(writeViewQuery(v)));
    expect(back).toEqual({ from: 1000, to: 5001, run: 'abc123', channels: ['t_outdoor', 'cop'], label: 7, tz: 'local', item: 'c/1 2' });
    expect(readViewQuery(new URLSearchParams('run=x')).item).toBeNull();
  });
  it('leaves out what is not set', () => {
    expect(writeViewQuery({ from: null, to: null, run: '', channels: null, label: null, tz: 'utc' })).toBe('');
    const v = readViewQuery(new URLSearchParams(''));
    expect(v.channels).toBeNull();
    expect(v.tz).toBe('utc');
    expect(readViewQuery(new URLSearchParams('ch=')).channels).toEqual([]);
  });
  it('ignores bad numbers and keeps the window inside the unit', () => {
    const v = readViewQuery(new URLSearchParams('from=abc&to=12'));
    expect(v.from).toBeNull();
    expect(windowFrom(v, [0, 100])).toEqual([0, 100]);
    expect(windowFrom(readViewQuery(new URLSearchParams('from=-5&to=50')), [0, 100])).toEqual([0, 50]);
    expect(windowFrom(readViewQuery(new URLSearchParams('from=60&to=50')), [0, 100])).toEqual([0, 100]);
    expect(windowFrom(readViewQuery(new URLSearchParams('from=200&to=300')), [0, 100])).toEqual([0, 100]);
  });
});
