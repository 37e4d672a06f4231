// The household view's endpoint (GET /api/v1/units/{id}/household), docs/web-api.md.
import { request, MinMax } from '../api';

export interface CalendarCell {
  weekday: number; hour: number; probability: number | null; days_observed: number;
  days_with_event: number; events: number; lower: number | null; upper: number | null;
  mean_size: number | null;
}
export interface Calendar {
  unit_id: string; time_zone: string; from: string; to: string; source: string;
  events_used: number; events_ignored: number; few_days_observed: number; cells: CalendarCell[];
}
export interface ShowerEvent { start: number; end: number; status: string; size: number | null; label_id?: number }
export interface TankForecast {
  run_id: string; run_name: string; model: string; target: string; horizon: number;
  start: number; end: number; bucket_ms: number; t: number[]; actual: MinMax; forecast: MinMax;
}
export interface ScheduleWindow { start: string; stop: string; demand_start: string; target_c: number; probability: number }
// The start/stop commands of `heatloop steer` for the week after the calendar's window;
// `reason` (and no windows) when the unit's events cannot make one.
export interface Schedule {
  windows: ScheduleWindow[]; reason?: string; schedule_from?: string; schedule_to?: string;
  lead_min?: number; heat_kw_source?: string; time_zone?: string;
}
export interface Household {
  unit_id: string; time_zone: string; start: number; end: number;
  calendar: Calendar;
  events: { labels: ShowerEvent[]; run: { run_id: string; alarms: ShowerEvent[] } | null };
  forecast: TankForecast | null;
  schedule: Schedule;
}

export function fetchHousehold(unit: string, p: { start: number; end: number; width: number; run?: string }) {
  const s = new URLSearchParams({ start: String(Math.floor(p.start)), end: String(Math.ceil(p.end)), width: String(p.width) });
  if (p.run) s.set('run', p.run);
  return request<Household>('GET', `/units/${encodeURIComponent(unit)}/household?${s}`);
}
