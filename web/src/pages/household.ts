// Household view of a unit with a hot-water tank: the demand calendar heat map, the tank plot
// with the shower events (labels by status, a run's detections), and the latest forecaster
// run's forecast of t_tank_mid against the measured values, and the steering schedule (start/stop
// commands for the week after the calendar's window).
import '../household.css';
import { api, ApiError, Run } from '../api';
import { h, clear, toast, fmtTime } from '../dom';
import type { Route } from '../routes';
import { fetchHousehold, Household } from './household_api';
import { calendarHeatMap } from './household_calendar';
import { householdPlots } from './household_plots';
import type { SeriesPlots } from '../plot/series_plot';

const DAY = 86_400_000;
const TANK = ['t_tank_mid', 't_tank_top'];

// The start/stop commands as a table (times in UTC, as everywhere in the app).
function scheduleTable(s: Household['schedule']): HTMLElement {
  if (!s.windows.length)
    return h('p', { class: 'muted', id: 'hh-no-schedule' }, s.reason ?? 'No likely demand in the calendar: no start/stop commands.');
  const t = (iso: string) => fmtTime(Date.parse(iso));
  return h('div', {},
    h('p', { class: 'hint' }, `Start/stop commands of heatloop steer (default parameters) for ${t(s.schedule_from!)} – ${t(s.schedule_to!)} UTC: ` +
      `the tank is heated from each start to its target, ${Math.round(s.lead_min ?? 0)} min of heat-up ahead of likely demand (heat output: ${s.heat_kw_source}).`),
    h('table', { class: 'data', id: 'hh-schedule-table' },
      h('thead', {}, h('tr', {}, ['start', 'stop', 'demand from', 'target °C', 'probability'].map((c) => h('th', {}, c)))),
      h('tbody', {}, s.windows.map((w) => h('tr', {},
        h('td', {}, t(w.start)), h('td', {}, t(w.stop)), h('td', {}, t(w.demand_start)),
        h('td', { class: 'num' }, w.target_c.toFixed(1)), h('td', { class: 'num' }, w.probability.toFixed(2)))))));
}

export function renderHousehold(main: HTMLElement, unitId: string, route: Route) {
  let alive = true;
  let plots: SeriesPlots | null = null;
  let runId = route.query.get('run') ?? '';
  let days = Number(route.query.get('days') ?? 14);
  const enc = encodeURIComponent(unitId);

  const runSelect = h('select', { id: 'hh-run', title: 'Count and mark a detector run\'s alarms as detected showers' },
    h('option', { value: '' }, 'labels only'));
  const daysSelect = h('select', { id: 'hh-days' },
    [7, 14, 28, 0].map((d) => h('option', { value: d, selected: d === days }, d === 0 ? 'all data' : `last ${d} days`)));
  const meta = h('span', { class: 'muted', id: 'hh-meta' });
  const calendarBox = h('section', { class: 'hh-section', id: 'hh-calendar' }, h('p', { class: 'muted' }, 'loading…'));
  const tankBox = h('section', { class: 'hh-section', id: 'hh-tank' });
  const forecastBox = h('section', { class: 'hh-section', id: 'hh-forecast' });
  const scheduleBox = h('section', { class: 'hh-section', id: 'hh-schedule' });
  main.append(
    h('div', { class: 'toolbar' },
      h('h1', {}, `Household ${unitId}`), meta,
      h('a', { href: `#/units/${enc}`, id: 'hh-unit-link' }, 'unit page'),
      h('span', { class: 'spacer' }),
      h('label', { class: 'inline' }, 'Plots ', daysSelect),
      h('label', { class: 'inline' }, 'Events ', runSelect)),
    calendarBox, tankBox, forecastBox, scheduleBox);

  const reload = () => {
    const q = new URLSearchParams();
    if (runId) q.set('run', runId);
    if (days !== 14) q.set('days', String(days));
    const hash = `#/units/${enc}/household${q.toString() ? '?' + q : ''}`;
    if (location.hash !== hash) history.replaceState(null, '', hash);
    load();
  };
  runSelect.addEventListener('change', () => { runId = runSelect.value; reload(); });
  daysSelect.addEventListener('change', () => { days = Number(daysSelect.value); reload(); });

  function destroyPlots() { plots?.destroy(); plots = null; }

  function draw(hh: Household, tank: Awaited<ReturnType<typeof api.series>>, channels: string[], range: [number, number]) {
    destroyPlots();
    clear(calendarBox, h('h2', {}, 'Demand calendar'), calendarHeatMap(hh.calendar));
    const width = Math.max(400, tankBox.clientWidth || main.clientWidth - 40 || 900);
    const labelCount = hh.events.labels.length, runCount = hh.events.run?.alarms.length ?? 0;
    clear(tankBox, h('h2', {}, 'Tank and shower events'),
      h('p', { class: 'hint' },
        h('span', { class: 'hh-key label confirmed' }), 'confirmed label ',
        h('span', { class: 'hh-key label proposed' }), 'proposed label ',
        hh.events.run ? [h('span', { class: 'hh-key detection' }), `detected by run ${hh.events.run.run_id.slice(0, 8)} `] : null,
        `— ${labelCount} labelled and ${hh.events.run ? runCount + ' detected' : 'no run\'s'} shower(s) in view; drag to zoom, double-click to zoom out.`));
    if (hh.forecast) {
      clear(forecastBox, h('h2', {}, 'Forecast against measured t_tank_mid'),
        h('p', { class: 'hint' }, `Run ${hh.forecast.run_name || hh.forecast.run_id.slice(0, 8)} (${hh.forecast.model}, horizon ${hh.forecast.horizon}), its one-step-ahead forecast over its test period.`));
    } else {
      clear(forecastBox, h('h2', {}, 'Forecast against measured t_tank_mid'),
        h('p', { class: 'muted', id: 'hh-no-forecast' }, 'No forecaster run of t_tank_mid covers this unit yet (heatloop run configs/seasonal_naive.toml).'));
    }
    plots = householdPlots(tankBox, hh.forecast ? forecastBox : null, tank, channels,
      { labels: hh.events.labels, run: hh.events.run?.alarms ?? [] }, hh.forecast, width, range, 'household-' + unitId);
    clear(scheduleBox, h('h2', {}, 'Schedule'), scheduleTable(hh.schedule));
    meta.textContent = `${hh.time_zone} · ${fmtTime(range[0])} – ${fmtTime(range[1])} UTC`;
  }

  async function load() {
    try {
      const info = await api.unit(unitId);
      const channels = TANK.filter((c) => info.channels.some((x) => x.name === c));
      if (!channels.includes('t_tank_mid')) {
        clear(calendarBox, h('p', { class: 'error' }, `Unit ${unitId} has no t_tank_mid channel: there is no household view without a tank.`));
        return;
      }
      const end = info.end;
      const start = days > 0 ? Math.max(info.start, end - days * DAY) : info.start;
      const width = Math.min(4000, Math.max(200, (tankBox.clientWidth || 1000)));
      const [hh, tank] = await Promise.all([
        fetchHousehold(unitId, { start, end, width, run: runId || undefined }),
        api.series(unitId, channels, start, end, width),
      ]);
      if (!alive) return;
      draw(hh, tank, channels, [start, end]);
      main.dataset.loaded = 'true';
    } catch (e) {
      if (!alive) return;
      const msg = e instanceof ApiError ? e.message : String(e);
      clear(calendarBox, h('p', { class: 'error' }, msg));
      toast(msg, 'error');
    }
  }

  async function loadRuns() {
    try {
      const r = await api.runs();
      const detectors = r.runs.filter((x: Run) => x.status === 'FINISHED' && x.detector);
      for (const x of detectors)
        runSelect.appendChild(h('option', { value: x.run_id, selected: x.run_id === runId }, `${x.name || x.detector} · ${x.run_id.slice(0, 8)}`));
    } catch { /* the selector stays at labels only */ }
  }

  loadRuns();
  load();
  return () => { alive = false; destroyPlots(); };
}
