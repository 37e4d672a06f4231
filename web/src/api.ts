// The JSON API of `heatloop serve` (contract: /api/v1, times in Unix milliseconds UTC).

export type Role = 'viewer' | 'reviewer' | 'admin';
export interface User { name: string; role: Role }
export interface Session { user: User; csrf_token: string }

export type LabelStatus = 'proposed' | 'confirmed' | 'rejected' | 'superseded';
export interface Label {
  id: number; unit_id: string; start: number; end: number; category: string;
  confidence: number | null; status: LabelStatus; source: string; reviewer: string;
  notes: string; created_at: number; updated_at: number; version: number; revision: number;
}
export interface HistoryEntry {
  revision: number; version: number; who: string; at: number; action: string;
  before: Label | null; after: Label; why: string;
}
export interface UnitRow {
  unit_id: string; type: string;
  label_counts: { proposed: number; confirmed: number; rejected: number };
  latest_run: { run_id: string; alarms: number } | null;
  has_tank: boolean;
  meter_id: string | null;  // its household's smart meter (the meter view)
}
export interface UnitInfo {
  unit_id: string; type: string; start: number; end: number;
  time_zone?: string;             // IANA zone of the unit (its metadata), UTC without one
  channels: { name: string; unit: string }[];
  derived: { name: string; description: string }[];
}
export interface MinMax { min: (number | null)[]; max: (number | null)[] }
export interface SeriesResponse {
  start: number; end: number; bucket_ms: number; t: number[];
  series: Record<string, MinMax>;
}
export interface Category { name: string; description: string }
export interface Run {
  run_id: string; name: string; detector: string; status: string; created_at: number | string;
  original_label_revision: number; metrics: Record<string, number | null>;
}
export interface RunDetail {
  label_revision: number; run: Run; per_unit: Record<string, Record<string, number | null>>;
  breakdowns: Record<string, { key: string; metrics: Record<string, unknown> }[]>;
  experiment: string; end_time: number | null; git_commit: string | null; dataset_fingerprint: string;
  config: string; params: Record<string, string>; artifacts: { path: string; size: number }[];
  note: RunNote;
}
// A run's note; version 0 (author and written_at null) when it has none.
export interface RunNote { run_id: string; version: number; text: string; author: string | null; written_at: number | null }
export interface MetricInfo { name: string; kinds: string[]; higher_is_better: boolean; description: string }
// A detector score channel's mean magnitude over an alarm (its contribution to it).
export interface ChannelContribution { channel: string; mean_abs: number }
export interface Alarm { start: number; end: number; peak_score: number; channels?: ChannelContribution[] }
export interface ReviewItem {
  key: string; kind: 'candidate' | 'missed'; unit_id: string; start: number; end: number;
  score: number; label_id: number | null; category: string | null;
}
export interface ReviewDecisionRow { key: string; decision: 'accept' | 'reject'; who: string; at: number; label_id: number | null;
  unit_id: string | null; start: number | null; end: number | null; score: number | null }  // the item (null: decided before heatloop kept it)
export interface ReviewQueue { progress: { decided: number; total: number }; items: ReviewItem[] }

export class ApiError extends Error {
  constructor(public status: number, public code: string, message: string,
              public field: string | null = null, public body: any = null) {
    super(message);
  }
}

let session: Session | null = null;
export function currentSession(): Session | null { return session; }
export function setSession(s: Session | null) { session = s; }
export function canEdit(): boolean {
  return session !== null && (session.user.role === 'reviewer' || session.user.role === 'admin');
}
export function isAdmin(): boolean { return session?.user.role === 'admin'; }

// Called on a 401 from any endpoint other than the session itself.
let onUnauthorized: () => void = () => {};
export function setUnauthorizedHandler(f: () => void) { onUnauthorized = f; }

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && session) headers['X-CSRF-Token'] = session.csrf_token;
  const res = await fetch('/api/v1' + path, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 204) return undefined as T;
  let data: any = null;
  const text = await res.text();
  if (text) {
    try { data = JSON.parse(text); } catch { data = null; }
  }
  if (!res.ok) {
    const e = data?.error ?? {};
    const err = new ApiError(res.status, e.code ?? String(res.status),
      e.message ?? `${method} ${path}: HTTP ${res.status}`, e.field ?? null, data);
    if (res.status === 401 && !path.startsWith('/session')) onUnauthorized();
    throw err;
  }
  return data as T;
}

const q = (params: Record<string, string | number | undefined | null>) => {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') s.set(k, String(v));
  const str = s.toString();
  return str ? '?' + str : '';
};
const enc = encodeURIComponent;

export const api = {
  getSession: () => request<Session>('GET', '/session'),
  signIn: (username: string, password: string) =>
    request<Session>('POST', '/session', { username, password }),
  signOut: () => request<void>('DELETE', '/session'),

  units: (p: { q?: string; sort?: string; order?: string }) =>
    request<{ units: UnitRow[] }>('GET', '/units' + q(p)),
  unit: (id: string) => request<UnitInfo>('GET', `/units/${enc(id)}`),
  series: (id: string, channels: string[], start: number, end: number, width: number) =>
    request<SeriesResponse>('GET', `/units/${enc(id)}/series` +
      q({ channels: channels.join(','), start: Math.floor(start), end: Math.ceil(end), width })),

  labels: (unit: string) => request<{ labels: Label[] }>('GET', `/units/${enc(unit)}/labels`),
  categories: () => request<{ categories: Category[] }>('GET', '/categories'),
  createLabel: (b: { unit_id: string; start: number; end: number; category: string; confidence?: number; notes?: string }) =>
    request<Label>('POST', '/labels', b),
  patchLabel: (id: number, b: { version: number; start?: number; end?: number; category?: string; confidence?: number; notes?: string; status?: 'proposed' }) =>
    request<Label>('PATCH', `/labels/${id}`, b),
  confirm: (id: number, version: number) => request<Label>('POST', `/labels/${id}/confirm`, { version }),
  reject: (id: number, version: number) => request<Label>('POST', `/labels/${id}/reject`, { version }),
  split: (id: number, version: number, at: number) =>
    request<{ labels: Label[] }>('POST', `/labels/${id}/split`, { version, at: Math.round(at) }),
  deleteLabel: (id: number, version: number) => request<void>('DELETE', `/labels/${id}?version=${version}`),
  // Undo of a delete (admin): the same label back, its history continued with "restore".
  restoreLabel: (id: number) => request<Label>('POST', `/labels/${id}/restore`),
  history: (id: number) => request<{ history: HistoryEntry[] }>('GET', `/labels/${id}/history`),

  runs: () => request<{ label_revision: number; runs: Run[]; metric_catalogue: MetricInfo[] }>('GET', '/runs'),
  run: (id: string) => request<RunDetail>('GET', `/runs/${enc(id)}`),
  runNote: (id: string) => request<RunNote>('GET', `/runs/${enc(id)}/note`),
  // `version`: the version the text was edited from (0 for a first note); 409 when stale.
  saveRunNote: (id: string, text: string, version: number) =>
    request<RunNote>('PUT', `/runs/${enc(id)}/note`, { text, version }),
  // The score, or with `channel` one of the detector's score channels (a contribution).
  scores: (run: string, unit: string, start: number, end: number, width: number, channel?: string) =>
    request<{ t: number[]; min: (number | null)[]; max: (number | null)[] }>('GET',
      `/runs/${enc(run)}/units/${enc(unit)}/scores` + q({ start: Math.floor(start), end: Math.ceil(end), width, channel })),
  alarms: (run: string, unit: string) =>
    request<{ alarms: Alarm[]; threshold: number | null }>('GET', `/runs/${enc(run)}/units/${enc(unit)}/alarms`),
  compare: (a: string, b: string, metric: string) =>
    request<any>('GET', '/runs/compare' + q({ a, b, metric })),
  review: (run: string) => request<ReviewQueue>('GET', `/runs/${enc(run)}/review`),
  decide: (run: string, key: string, decision: 'accept' | 'reject', category?: string) =>
    request<{ label: Label | null }>('POST', `/runs/${enc(run)}/review/${enc(key)}`,
      category ? { decision, category } : { decision }),
  decisions: (run: string, limit = 20, unit?: string) =>
    request<{ decisions: ReviewDecisionRow[] }>('GET', `/runs/${enc(run)}/review/decisions` + q({ limit, unit })),
  undoDecision: (run: string, key: string) =>
    request<{ key: string; label: Label | null }>('DELETE', `/runs/${enc(run)}/review/${enc(key)}`),
};
