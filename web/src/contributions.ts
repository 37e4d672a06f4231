// Per-channel contributions of a run's alarms: the server ranks the detector's score channels
// over each alarm (GET /runs/{id}/units/{unit}/alarms, `channels`, largest first); this module
// turns them into shares of the total, finds the alarm behind a review item, picks the channels
// to plot and their colours. No DOM: unit-tested.
import type { Alarm, ChannelContribution } from './api';
import { channelColor } from './colors';

export interface Share { channel: string; mean_abs: number; share: number }

// Largest first (ties keep their order), each with its share of the sum (0 when the sum is 0).
export function shares(cs: ChannelContribution[]): Share[] {
  const total = cs.reduce((t, c) => t + (Number.isFinite(c.mean_abs) ? Math.abs(c.mean_abs) : 0), 0);
  return cs.map((c, i) => ({ c, i }))
    .sort((a, b) => Math.abs(b.c.mean_abs) - Math.abs(a.c.mean_abs) || a.i - b.i)
    .map(({ c }) => ({ channel: c.channel, mean_abs: c.mean_abs, share: total > 0 ? Math.abs(c.mean_abs) / total : 0 }));
}

// The alarm overlapping [span.start, span.end) the most (the first on ties), null when none does.
export function alarmAt(alarms: Alarm[], span: { start: number; end: number }): Alarm | null {
  let best: Alarm | null = null, most = 0;
  for (const a of alarms) {
    const o = Math.min(a.end, span.end) - Math.max(a.start, span.start);
    if (o > most) { best = a; most = o; }
  }
  return best;
}

// The n largest contributions of one alarm.
export const topChannels = (cs: ChannelContribution[], n: number): string[] => shares(cs).slice(0, n).map((s) => s.channel);

// The n channels that contribute most over all of a unit's alarms (sum of their shares).
export function unitTopChannels(alarms: Alarm[], n: number): string[] {
  const sum = new Map<string, number>();
  for (const a of alarms) for (const s of shares(a.channels ?? [])) sum.set(s.channel, (sum.get(s.channel) ?? 0) + s.share);
  return [...sum.entries()].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0)).slice(0, n).map(([c]) => c);
}

// The channels to plot: the current alarm's top n when it has contributions, else the unit's.
export function plottedChannels(alarms: Alarm[], current: Alarm | null, n: number): string[] {
  return current && current.channels?.length ? topChannels(current.channels, n) : unitTopChannels(alarms, n);
}

// The input channel a contribution is about: the name after the detector's prefix
// ("residual.t_supply" -> "t_supply"); a name without one is its own.
export function baseChannel(name: string): string {
  const i = name.indexOf('.');
  return i >= 0 && i < name.length - 1 ? name.slice(i + 1) : name;
}

// Short names for a list of contributions: their input channels when those are distinct
// ("residual.t_supply" -> "t_supply"), else the full names.
export function shortNames(names: string[]): string[] {
  const base = names.map(baseChannel);
  return new Set(base).size === base.length ? base : names;
}

// A contribution's colour: its input channel's fixed colour (the same as that channel's line).
export const contributionColor = (name: string): string => channelColor(baseChannel(name));

// "top channel: residual.t_supply (62%)" for an alarm's tooltip, '' without contributions.
export function topChannelText(a: Alarm): string {
  const s = shares(a.channels ?? []);
  return s.length ? `top channel: ${s[0].channel} (${Math.round(s[0].share * 100)}%)` : '';
}

export const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
