// The household view's plots on the shared series-plot module (plot/series_plot.ts): the tank
// temperatures with the shower events marked (labels by status above the lines, a run's
// detections below), and the forecast against the measured t_tank_mid, zoomed together.
// Events are DOM bands over the plot, like the unit page's labels.
import type { SeriesResponse } from '../api';
import { h, fmtTime } from '../dom';
import { channelColor } from '../colors';
import type uPlot from 'uplot';
import { envelope, Aligned } from '../plot/envelope';
import { SeriesPlots, PlotHandle, PlotSpec } from '../plot/series_plot';
import type { ShowerEvent, TankForecast } from './household_api';

// One plot on the series-plot module (drag to zoom, double click to zoom out), returned as
// its uPlot: for a page with a single chart (the meter view).
let basePlots = 0;
export function basePlot(holder: HTMLElement, names: string[], colors: string[], width: number, yLabel: string,
                         data: Aligned, range: [number, number], draw?: (u: uPlot) => void): uPlot {
  const sp = new SeriesPlots(holder, { syncKey: `base-${++basePlots}`, range, timeAxis: false, onDraw: draw ? (p) => draw(p.u) : undefined });
  sp.build([{ key: 'base', height: 220, yLabel, data, series: names.map((n, i) => ({ name: n, color: colors[i], width: 1.2 })) }], width);
  return sp.plots[0].u;
}
export { envelope };

export interface TankEvents { labels: ShowerEvent[]; run: ShowerEvent[] }

// Labels in the upper half coloured by status, the run's detections in the lower half.
function drawEvents(p: PlotHandle, events: TankEvents) {
  if (p.spec.key !== 'tank') return;
  const u = p.u;
  const frag = document.createDocumentFragment();
  const put = (e: ShowerEvent, kind: 'label' | 'detection') => {
    const a = u.valToPos(e.start, 'x'), b = u.valToPos(e.end, 'x');
    if (b < 0 || a > u.over.clientWidth) return;
    const left = Math.max(0, a);
    const title = `${kind === 'label' ? 'shower_event label ' + (e.label_id ?? '') + ', ' + e.status : 'detected (run alarm)'}: ` +
      `${fmtTime(e.start)}–${fmtTime(e.end)}, drop ${e.size === null ? '–' : e.size.toFixed(1)} K`;
    frag.appendChild(h('div', {
      class: `hh-event ${kind} ${e.status}`, title,
      'data-start': e.start, 'data-end': e.end,
      style: `left:${left}px;width:${Math.max(3, Math.min(b, u.over.clientWidth) - left)}px`,
    }));
  };
  events.labels.forEach((e) => put(e, 'label'));
  events.run.forEach((e) => put(e, 'detection'));
  p.overlay.classList.add('hh-bands');
  p.overlay.replaceChildren(frag);
}

// The tank plot in tankParent and, when there is a forecast, the forecast plot in
// forecastParent; drag zooms both, double click zooms out.
export function householdPlots(tankParent: HTMLElement, forecastParent: HTMLElement | null, s: SeriesResponse,
                               channels: string[], events: TankEvents, forecast: TankForecast | null,
                               width: number, range: [number, number], syncKey: string): SeriesPlots {
  const plots = new SeriesPlots(tankParent, { syncKey, range, onDraw: (p) => drawEvents(p, events), timeAxis: false });
  const specs: PlotSpec[] = [{
    key: 'tank', id: 'hh-tank-plot', parent: tankParent, height: 220, yLabel: '°C',
    series: channels.map((c) => ({ name: c, color: channelColor(c), width: 1.2 })),
    data: envelope(s.t, s.bucket_ms, channels.map((c) => s.series[c])),
  }];
  if (forecast && forecastParent)
    specs.push({
      key: 'forecast', id: 'hh-forecast-plot', parent: forecastParent, height: 220, yLabel: '°C',
      series: [{ name: 't_tank_mid measured', color: '#222222', width: 1.2 },
        { name: `forecast (${forecast.model}, 1 step ahead)`, color: '#b35806', width: 1.2 }],
      data: envelope(forecast.t, forecast.bucket_ms, [forecast.actual, forecast.forecast]),
    });
  plots.build(specs, width);
  plots.redraw();
  return plots;
}
