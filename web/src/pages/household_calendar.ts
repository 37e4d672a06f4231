// The demand calendar as a 7 x 24 heat map: colour = probability, hatched = observed on few
// days (little evidence), grey = never observed; each cell's numbers in its tooltip.
import { h } from '../dom';
import { heatMap, HeatCell } from '../plot/heatmap';
import type { Calendar, CalendarCell } from './household_api';

const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const p2 = (n: number) => String(n).padStart(2, '0');

function tooltip(c: CalendarCell): string {
  const when = `${DAYS[c.weekday]} ${p2(c.hour)}:00–${p2(c.hour + 1)}:00`;
  if (c.days_observed === 0 || c.probability === null) return `${when}: never observed`;
  const size = c.mean_size === null ? '–' : c.mean_size.toFixed(1);
  return `${when}: probability ${c.probability.toFixed(2)} (${c.days_with_event} of ${c.days_observed} days observed had a shower), ` +
    `95% interval ${(c.lower ?? 0).toFixed(2)}–${(c.upper ?? 1).toFixed(2)}, ${c.events} event(s), mean drop ${size} K`;
}

export function calendarHeatMap(cal: Calendar): HTMLElement {
  const top = Math.max(0, ...cal.cells.map((c) => (c.days_observed > 0 ? c.probability ?? 0 : 0)));
  const grid = heatMap({
    rows: DAYS.map((d) => d.slice(0, 3)),
    cols: Array.from({ length: 24 }, (_, hr) => p2(hr)),
    id: 'hh-heatmap', className: 'hh-heatmap', cellClass: 'hh-cell', rowClass: 'hh-day', colClass: 'hh-hour',
    min: 0, max: top,
    cell: (d, hr): HeatCell => {
      const c = cal.cells[d * 24 + hr];
      const seen = c.days_observed > 0 && c.probability !== null;
      return {
        value: seen ? c.probability : null,
        text: seen && c.probability! > 0 ? String(Math.round(100 * c.probability!)) : '',
        title: tooltip(c),
        className: seen && c.days_observed < cal.few_days_observed ? 'few' : '',
        attrs: { 'data-weekday': d, 'data-hour': hr, 'data-probability': seen ? String(c.probability) : '', 'data-days-observed': c.days_observed },
      };
    },
  });
  const source = cal.source === 'labels' ? 'shower_event labels (proposed or confirmed)' : `the alarms of ${cal.source.replace(/^run:/, 'run ').slice(0, 12)}`;
  return h('div', {},
    grid,
    h('p', { class: 'hint' },
      `Probability of a shower starting in each hour (in percent), local time ${cal.time_zone}, from ${source}, ` +
      `${cal.from.slice(0, 10)} to ${cal.to.slice(0, 10)}: ${cal.events_used} events counted, ${cal.events_ignored} outside the window or on hours without data. ` +
      `Darkest = ${(100 * top).toFixed(0)}%. Hatched: observed on fewer than ${cal.few_days_observed} days; grey: never observed. Hover a cell for its numbers.`));
}
