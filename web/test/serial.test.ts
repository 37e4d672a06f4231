import { describe, expect, it } from 'vitest';
import { serial } from '../src/serial';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('serial', () => {
  it('runs actions one after another in call order, none dropped', async () => {
    const run = serial();
    const log: string[] = [];
    const act = (name: string, ms: number) => () => (async () => { log.push(`${name}+`); await tick(ms); log.push(`${name}-`); })();
    await Promise.all([run(act('a', 20)), run(act('b', 1)), run(act('c', 5))]);
    expect(log).toEqual(['a+', 'a-', 'b+', 'b-', 'c+', 'c-']);
  });

  it('a failed action rejects its own promise and the next one still runs', async () => {
    const run = serial();
    const log: string[] = [];
    const failed = run(async () => { log.push('x'); throw new Error('boom'); });
    const next = run(async () => { log.push('y'); });
    await expect(failed).rejects.toThrow('boom');
    await next;
    expect(log).toEqual(['x', 'y']);
  });
});
