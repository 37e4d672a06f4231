// The unit view's run overlay: the run selector, and the selected run's alarms (bands) and
// score (a plot under the channels, fetched with the series by plot.ts). Review on the plot
// (the run's candidates beside the labels, accept/reject there) belongs here.
import { api, Run } from '../../api';
import { h, toast } from '../../dom';
import type { UnitState } from './state';

export function runSelector(s: UnitState, onChange: () => void): HTMLSelectElement {
  const sel = h('select', { id: 'run-select', title: 'Overlay a run\'s score and alarms' }, h('option', { value: '' }, 'no run'));
  sel.addEventListener('change', () => {
    s.runId = sel.value;
    sessionStorage.setItem('unit.run', s.runId);
    onChange();
  });
  return sel;
}

export function fillRunSelector(s: UnitState, sel: HTMLSelectElement, runs: Run[]) {
  s.runs = runs;
  if (!runs.some((r) => r.run_id === s.runId)) s.runId = '';
  for (const r of runs) sel.appendChild(h('option', { value: r.run_id, selected: r.run_id === s.runId }, `${r.name || r.detector} · ${r.run_id.slice(0, 8)}`));
}

export async function loadRun(s: UnitState) {
  s.alarms = [];
  s.scores = null;
  if (!s.runId) return;
  try { s.alarms = (await api.alarms(s.runId, s.unitId)).alarms; } catch (e) { toast('Could not load the run\'s alarms: ' + (e as Error).message, 'error'); }
}
