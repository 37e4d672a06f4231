// The household view's plots: the tank temperatures with the shower events marked (labels by
// status above the lines, a run's detections below), and the forecast against the measured
// t_tank_mid. Events are DOM bands over the plot, like the unit page's labels.
import uPlot from 'uplot';
import type { MinMax, SeriesResponse } from '../api';
import { h, fmtTime, fmtNum } from '../dom';
import type { ShowerEvent, TankForecast } from './household_api';

const p2 = (n: number) => String(n).padStart(2, '0');
function timeTicks(_u: uPlot, splits: number[], _ai: number, _space: number, incr: number): string[] {
  return splits.map((t) => {
    const d = new Date(t);
    const date = `${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}`;
    if (incr >= 86_400_000) return date;
    return d.getUTCHours() === 0 && d.getUTCMinutes() === 0 ? date : `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}`;
  });
}

// min/max buckets -> two points per bucket (the envelope); null stays a gap.
export function envelope(t: number[], bucket: number, cols: MinMax[]): uPlot.AlignedData {
  const half = Math.max(1, Math.floor(bucket / 2));
  const x: number[] = [];
  for (const ti of t) x.push(ti, ti + half);
  const ys = cols.map((c) => {
    const y: (number | null)[] = [];
    for (let i = 0; i < t.length; i++) y.push(c.min[i] ?? null, c.max[i] ?? null);
    return y;
  });
  return [x, ...ys] as uPlot.AlignedData;
}

export function basePlot(holder: HTMLElement, names: string[], colors: string[], width: number, yLabel: string,
                  data: uPlot.AlignedData, range: [number, number], draw?: (u: uPlot) => void): uPlot {
  const series: uPlot.Series[] = [{ value: (_u, v) => (v == null ? '' : fmtTime(v)) }];
  names.forEach((n, i) => series.push({ label: n, stroke: colors[i], width: 1.2, spanGaps: false, points: { show: false },
    value: (_u, v) => (v == null ? '–' : fmtNum(v, 2)) }));
  return new uPlot({
    width, height: 220, ms: 1,
    tzDate: (ts) => uPlot.tzDate(new Date(ts), 'Etc/UTC'),
    cursor: { drag: { x: true, y: false } },
    scales: { x: { time: true, min: range[0], max: range[1] } },
    axes: [
      { stroke: '#555', grid: { stroke: '#eee' }, values: timeTicks },
      { size: 50, stroke: '#555', grid: { stroke: '#eee' }, label: yLabel, labelSize: 16, labelFont: '12px system-ui' },
    ],
    series,
    hooks: draw ? { draw: [draw] } : {},
  }, data, holder);
}

export interface TankEvents { labels: ShowerEvent[]; run: ShowerEvent[] }

// t_tank_mid and t_tank_top (when the unit has it) with the events as bands: labels in the
// upper half coloured by status, the run's detections in the lower half.
export function tankPlot(holder: HTMLElement, s: SeriesResponse, channels: string[], events: TankEvents,
                         width: number, range: [number, number]): uPlot {
  const bands = h('div', { class: 'bands hh-bands' });
  const placed = (u: uPlot) => {
    bands.replaceChildren();
    const put = (e: ShowerEvent, kind: 'label' | 'detection') => {
      const a = u.valToPos(e.start, 'x'), b = u.valToPos(e.end, 'x');
      if (b < 0 || a > u.over.clientWidth) return;
      const left = Math.max(0, a);
      const title = `${kind === 'label' ? 'shower_event label ' + (e.label_id ?? '') + ', ' + e.status : 'detected (run alarm)'}: ` +
        `${fmtTime(e.start)}–${fmtTime(e.end)}, drop ${e.size === null ? '–' : e.size.toFixed(1)} K`;
      bands.appendChild(h('div', {
        class: `hh-event ${kind} ${e.status}`, title,
        'data-start': e.start, 'data-end': e.end,
        style: `left:${left}px;width:${Math.max(3, Math.min(b, u.over.clientWidth) - left)}px`,
      }));
    };
    events.labels.forEach((e) => put(e, 'label'));
    events.run.forEach((e) => put(e, 'detection'));
  };
  const colors = ['#1f77b4', '#ff7f0e'];
  const u = basePlot(holder, channels, colors, width, '°C', envelope(s.t, s.bucket_ms, channels.map((c) => s.series[c])), range, placed);
  u.over.appendChild(bands);
  placed(u);
  return u;
}

export function forecastPlot(holder: HTMLElement, f: TankForecast, width: number, range: [number, number]): uPlot {
  return basePlot(holder, ['t_tank_mid measured', `forecast (${f.model}, 1 step ahead)`], ['#222', '#d62728'], width, '°C',
    envelope(f.t, f.bucket_ms, [f.actual, f.forecast]), range);
}
