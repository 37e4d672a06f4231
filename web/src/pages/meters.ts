// The households' smart meters of the workspace (#/meters): each links to its meter view.
import { h, clear, toast, fmtTime } from '../dom';
import { fetchMeters } from './meter_api';

export function renderMeters(main: HTMLElement) {
  let alive = true;
  const table = h('table', { class: 'data', id: 'meters-table' });
  const count = h('span', { class: 'muted' });
  main.append(h('div', { class: 'page-head' }, h('h1', {}, 'Smart meters'), count), table);
  fetchMeters().then((r) => {
    if (!alive) return;
    count.textContent = `${r.meters.length} household${r.meters.length === 1 ? '' : 's'}`;
    const hp = (v: boolean | null | undefined) => (v === true ? 'yes' : v === false ? 'no' : 'unknown');
    clear(table,
      h('thead', {}, h('tr', {}, ['Household', 'Meters', 'Heat pump', 'From', 'To', 'Step'].map((c) => h('th', {}, c)))),
      h('tbody', {}, r.meters.map((m) => h('tr', { 'data-meter': m.meter_id },
        h('td', {}, h('a', { href: '#/meters/' + encodeURIComponent(m.meter_id) }, m.meter_id),
          m.is_unit ? [' ', h('a', { href: '#/units/' + encodeURIComponent(m.meter_id), class: 'muted' }, 'unit')] : null),
        h('td', {}, m.meters.join(', ')),
        h('td', {}, hp(m.household?.has_heat_pump)),
        h('td', {}, fmtTime(m.start)), h('td', {}, fmtTime(m.end)),
        h('td', { class: 'num' }, `${Math.round(m.step_ms / 60000)} min`)))));
    if (r.meters.length === 0) table.appendChild(h('caption', {}, 'The workspace has no smart-meter data (heatloop ingest a smartmeter or household_meter file).'));
    main.dataset.loaded = 'true';
  }).catch((e) => toast(String((e as Error).message), 'error'));
  return () => { alive = false; };
}
