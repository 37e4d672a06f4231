// Meter view of a household (#/meters/{id}): its meter's total, a disaggregation run's
// estimate of the heat pump's load and, where the household has a heat-pump sub-meter, the
// truth (load_heat_pump); a classifier run's detection probability for the household and per
// month. The runs are chosen like the unit view's: ?run= / ?detect_run=, else the newest
// finished run that has something for this household.
import type uPlot from 'uplot';
import type { MinMax } from '../api';
import '../meter.css';
import { ApiError } from '../api';
import { h, clear, toast, fmtTime, fmtNum } from '../dom';
import type { Route } from '../main';
import { basePlot, envelope } from './household_plots';
import { fetchMeter, Meter, MeterDetection, MeterEstimate, MeterRun } from './meter_api';

const DAY = 86_400_000;
const runLabel = (r: MeterRun) => `${r.run_name || r.model} · ${r.run_id.slice(0, 8)}`;
const kwh = (v: number | null | undefined) => (v == null ? '–' : `${fmtNum(v, 1)} kWh`);

function detectionBox(d: MeterDetection | null, choices: MeterRun[]): HTMLElement[] {
  if (!d)
    return [h('p', { class: 'muted', id: 'meter-no-detection' }, choices.length
      ? 'No detection run chosen.'
      : 'No classifier run has classified this household (heatloop run configs/gradient_boosting_classifier.toml).')];
  const pct = (p: number | null) => (p == null ? '–' : `${Math.round(p * 100)} %`);
  const truth = d.has_heat_pump === true ? 'has a heat pump' : d.has_heat_pump === false ? 'has no heat pump' : 'unknown';
  return [
    h('p', {},
      h('span', { class: 'meter-prob', id: 'meter-probability' }, pct(d.probability)),
      ` probability of a heat pump (mean of the months) from run ${runLabel(d.run)}, fold ${d.fold}; the households file says: ${truth}.`),
    h('div', { class: 'meter-months', id: 'meter-months' }, d.months.map((m) => h('div', {
      class: 'meter-month' + (m.probability == null ? ' unclassified' : ''),
      title: `${fmtTime(m.start)} – ${fmtTime(m.end)}: ${m.probability == null ? 'not classified' : m.probability.toFixed(3)}`,
      'data-probability': m.probability ?? '',
    },
    h('div', { class: 'meter-bar', style: `height:${Math.round((m.probability ?? 0) * 100)}%` }),
    h('span', {}, new Date(m.start).toISOString().slice(0, 7))))),
  ];
}

function estimateSummary(e: MeterEstimate | null, hasTruth: boolean, choices: MeterRun[]): HTMLElement {
  if (!e)
    return h('p', { class: 'muted', id: 'meter-no-estimate' }, choices.length
      ? 'No disaggregation run chosen.'
      : 'No disaggregation run has estimated this household (heatloop run configs/smartmeter/gradient_boosting_disaggregator.toml).');
  const m = e.metrics;
  const en = e.energy_kwh;
  const share = en.total && en.estimate != null ? ` (${Math.round((en.estimate / en.total) * 100)} % of the total)` : '';
  return h('div', { id: 'meter-summary' },
    h('p', {}, `Estimate from run ${runLabel(e.run)} (${e.run.model}).`,
      hasTruth && en.truth != null
        ? ` Over the plotted period, on the intervals with total, truth and estimate: total ${kwh(en.total)}, heat pump metered ${kwh(en.truth)}, estimated ${kwh(en.estimate)}${share}.`
        : ` Over the plotted period: estimated ${kwh(en.estimate_where_no_truth)} of heat-pump energy; this household has no heat-pump sub-meter to check it against.`),
    m ? h('table', { class: 'data', id: 'meter-metrics' },
      h('thead', {}, h('tr', {}, ['intervals', 'R²', 'RMSE kWh', 'MAE kWh', 'NDE', 'SAE'].map((c) => h('th', {}, c)))),
      h('tbody', {}, h('tr', {},
        h('td', { class: 'num' }, String(m.n)), h('td', { class: 'num' }, fmtNum(m.r2, 3)),
        h('td', { class: 'num' }, fmtNum(m.rmse, 3)), h('td', { class: 'num' }, fmtNum(m.mae, 3)),
        h('td', { class: 'num' }, fmtNum(m.nde, 3)), h('td', { class: 'num' }, fmtNum(m.sae, 3)))))
      : null,
    m ? h('p', { class: 'hint' }, 'The run\'s scores for this household over its whole evaluated period, in kWh per interval.') : null);
}

export function renderMeter(main: HTMLElement, meterId: string, route: Route) {
  let alive = true;
  let plot: uPlot | null = null;
  let runId = route.query.get('run') ?? '';
  let detectRunId = route.query.get('detect_run') ?? '';
  let days = Number(route.query.get('days') ?? 0);
  let dataEnd: number | null = null;
  const enc = encodeURIComponent(meterId);

  const runSelect = h('select', { id: 'meter-run', title: 'The disaggregation run whose estimate is shown' });
  const detectSelect = h('select', { id: 'meter-detect-run', title: 'The classifier run whose detection probability is shown' });
  const daysSelect = h('select', { id: 'meter-days' },
    [7, 28, 0].map((d) => h('option', { value: d, selected: d === days }, d === 0 ? 'all data' : `last ${d} days`)));
  const meta = h('span', { class: 'muted', id: 'meter-meta' });
  const unitLink = h('span', {});
  const plotBox = h('section', { class: 'hh-section', id: 'meter-plot-box' }, h('p', { class: 'muted' }, 'loading…'));
  const detectBox = h('section', { class: 'hh-section', id: 'meter-detection' });
  main.append(
    h('div', { class: 'toolbar' },
      h('h1', {}, `Meter ${meterId}`), meta, unitLink,
      h('a', { href: '#/meters' }, 'all meters'),
      h('span', { class: 'spacer' }),
      h('label', { class: 'inline' }, 'Plot ', daysSelect),
      h('label', { class: 'inline' }, 'Estimate ', runSelect),
      h('label', { class: 'inline' }, 'Detection ', detectSelect)),
    plotBox, detectBox);

  const reload = () => {
    const q = new URLSearchParams();
    if (runId) q.set('run', runId);
    if (detectRunId) q.set('detect_run', detectRunId);
    if (days) q.set('days', String(days));
    const hash = `#/meters/${enc}${q.toString() ? '?' + q : ''}`;
    if (location.hash !== hash) history.replaceState(null, '', hash);
    load();
  };
  runSelect.addEventListener('change', () => { runId = runSelect.value; reload(); });
  detectSelect.addEventListener('change', () => { detectRunId = detectSelect.value; reload(); });
  daysSelect.addEventListener('change', () => { days = Number(daysSelect.value); reload(); });

  const fill = (sel: HTMLSelectElement, runs: MeterRun[], chosen: string) => {
    clear(sel, runs.length ? null : h('option', { value: '' }, 'none'),
      runs.map((r) => h('option', { value: r.run_id, selected: r.run_id === chosen }, runLabel(r))));
  };

  function draw(m: Meter) {
    plot?.destroy();
    plot = null;
    fill(runSelect, m.runs.disaggregation, m.estimate?.run.run_id ?? '');
    fill(detectSelect, m.runs.detection, m.detection?.run.run_id ?? '');
    const hp = m.household?.has_heat_pump;
    meta.textContent = `${m.meters.join(', ')} · ${Math.round(m.step_ms / 60000)} min · ${fmtTime(m.start)} – ${fmtTime(m.end)} UTC` +
      (hp === true ? ' · has a heat pump' : hp === false ? ' · no heat pump' : '');
    clear(unitLink, m.is_unit ? h('a', { href: `#/units/${enc}`, id: 'meter-unit-link' }, 'unit page') : null);
    const names: string[] = ['total (meter)'], cols: MinMax[] = [m.total], colors = ['#9ca3af'];
    if (m.truth) { names.push('heat pump (sub-meter)'); cols.push(m.truth); colors.push('#111827'); }
    if (m.estimate) { names.push(`heat pump (estimate, ${m.estimate.run.model})`); cols.push(m.estimate.series); colors.push('#dc2626'); }
    const holder = h('div', { class: 'plot', id: 'meter-plot' });
    clear(plotBox, h('h2', {}, 'Household load'),
      h('p', { class: 'hint' }, 'Power in kW per interval, min/max per pixel; drag to zoom, double-click to zoom out.'),
      holder, estimateSummary(m.estimate, !!m.truth, m.runs.disaggregation));
    const width = Math.max(400, plotBox.clientWidth - 40 || main.clientWidth - 40 || 900);
    plot = basePlot(holder, names, colors, width, 'kW', envelope(m.t, m.bucket_ms, cols), [m.start, m.end]);
    clear(detectBox, h('h2', {}, 'Heat-pump detection'), ...detectionBox(m.detection, m.runs.detection));
  }

  async function load() {
    try {
      const width = Math.min(4000, Math.max(200, plotBox.clientWidth || 1000));
      const windowed = days > 0 && dataEnd !== null;
      const m = await fetchMeter(meterId, {
        width, run: runId || undefined, detectRun: detectRunId || undefined,
        ...(windowed ? { start: dataEnd! - days * DAY, end: dataEnd! } : {}),
      });
      if (!alive) return;
      if (days > 0 && !windowed) {  // the first answer tells where the data ends
        dataEnd = m.data_end;
        return load();
      }
      dataEnd = m.data_end;
      draw(m);
      main.dataset.loaded = 'true';
    } catch (e) {
      if (!alive) return;
      const msg = e instanceof ApiError ? e.message : String(e);
      clear(plotBox, h('p', { class: 'error' }, msg));
      toast(msg, 'error');
    }
  }

  load();
  return () => { alive = false; plot?.destroy(); };
}
