// The meter view's endpoints (GET /api/v1/meters, GET /api/v1/meters/{id}), docs/web-api.md.
import { request, MinMax } from '../api';

export interface MeterHousehold { has_heat_pump: boolean | null; heat_pump_type: string; unit_id: string; location: string }
export interface MeterRow {
  meter_id: string; meters: string[]; start: number; end: number; step_ms: number;
  is_unit: boolean; household: MeterHousehold | null;
}
export interface MeterRun { run_id: string; run_name: string; model: string; start_time: number }
export interface MeterMetrics { n: number; mae: number | null; rmse: number | null; r2: number | null; nde: number | null; sae: number | null }
export interface MeterEstimate {
  run: MeterRun; component: string; metrics: MeterMetrics | null; series: MinMax;
  energy_kwh: { total: number | null; truth: number | null; estimate: number | null; estimate_where_no_truth: number | null };
}
export interface MonthProbability { start: number; end: number; probability: number | null }
export interface MeterDetection {
  run: MeterRun; fold: number; has_heat_pump: boolean | null; probability: number | null; months: MonthProbability[];
}
export interface Meter {
  meter_id: string; meters: string[]; is_unit: boolean; household: MeterHousehold | null; step_ms: number;
  data_start: number; data_end: number; start: number; end: number; bucket_ms: number; t: number[];
  total: MinMax; truth: MinMax | null; estimate: MeterEstimate | null; detection: MeterDetection | null;
  runs: { disaggregation: MeterRun[]; detection: MeterRun[] };
}

export function fetchMeters() {
  return request<{ meters: MeterRow[] }>('GET', '/meters');
}

export function fetchMeter(id: string, p: { start?: number; end?: number; width: number; run?: string; detectRun?: string }) {
  const s = new URLSearchParams({ width: String(p.width) });
  if (p.start !== undefined) s.set('start', String(Math.floor(p.start)));
  if (p.end !== undefined) s.set('end', String(Math.ceil(p.end)));
  if (p.run) s.set('run', p.run);
  if (p.detectRun) s.set('detect_run', p.detectRun);
  return request<Meter>('GET', `/meters/${encodeURIComponent(id)}?${s}`);
}
