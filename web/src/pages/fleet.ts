import { api, UnitRow } from '../api';
import { h, clear, toast } from '../dom';
import { sortUnits, isFleetSortKey, defaultOrder, FleetSortKey } from './fleet_sort';

// The fleet order is remembered so j/k on a unit page walk it.
export let fleetOrder: string[] = [];
export async function loadFleetOrder(): Promise<string[]> {
  if (fleetOrder.length === 0) {
    try { fleetOrder = (await api.units({ sort: 'unit_id', order: 'asc' })).units.map((u) => u.unit_id); } catch { /* ignore */ }
  }
  return fleetOrder;
}

export function renderFleet(main: HTMLElement) {
  const savedSort = sessionStorage.getItem('fleet.sort');
  let sort: FleetSortKey = isFleetSortKey(savedSort) ? savedSort : 'unit_id';
  let order: 'asc' | 'desc' = (sessionStorage.getItem('fleet.order') as 'asc' | 'desc') || 'asc';
  let query = sessionStorage.getItem('fleet.q') ?? '';
  let seq = 0;

  const search = h('input', { type: 'search', id: 'fleet-search', placeholder: 'Search units or types…', value: query });
  const count = h('span', { class: 'muted' });
  const table = h('table', { class: 'data fleet', id: 'fleet-table' });
  main.append(
    h('div', { class: 'page-head' }, h('h1', {}, 'Fleet'), search, count, h('a', { href: '#/meters', id: 'meters-link' }, 'Smart meters')),
    table);

  let rows: UnitRow[] = [];
  const th = (key: FleetSortKey, text: string, extra = '') => {
    const arrow = sort === key ? (order === 'asc' ? ' ▲' : ' ▼') : '';
    return h('th', { class: 'sortable ' + extra, 'data-sort': key, onclick: () => {
      if (sort === key) order = order === 'asc' ? 'desc' : 'asc'; else { sort = key; order = defaultOrder(key); }
      sessionStorage.setItem('fleet.sort', sort); sessionStorage.setItem('fleet.order', order);
      draw(rows);
    } }, text + arrow);
  };

  function draw(all: UnitRow[]) {
    const units = sortUnits(all, sort, order);
    count.textContent = `${units.length} unit${units.length === 1 ? '' : 's'}`;
    clear(table,
      h('thead', {}, h('tr', {},
        th('unit_id', 'Unit'), th('type', 'Type'),
        th('proposed', 'Proposed', 'num'), th('confirmed', 'Confirmed', 'num'), th('rejected', 'Rejected', 'num'),
        th('latest_run', 'Latest run'), th('alarms', 'Alarms', 'num'))),
      h('tbody', {}, units.map((u) => h('tr', { class: 'clickable', 'data-unit': u.unit_id, onclick: () => { location.hash = '#/units/' + encodeURIComponent(u.unit_id); } },
        h('td', {}, h('a', { href: '#/units/' + encodeURIComponent(u.unit_id) }, u.unit_id),
          u.has_tank ? [' ', h('a', { href: `#/units/${encodeURIComponent(u.unit_id)}/household`, class: 'household-link', title: 'Household view: demand calendar, showers, forecast', onclick: (e: Event) => e.stopPropagation() }, 'household')] : null,
          u.meter_id ? [' ', h('a', { href: `#/meters/${encodeURIComponent(u.meter_id)}`, class: 'meter-link', title: 'Meter view: household total, estimated heat-pump load, detection', onclick: (e: Event) => e.stopPropagation() }, 'meter')] : null),
        h('td', {}, u.type),
        h('td', { class: 'num' }, h('span', { class: 'pill proposed' }, u.label_counts.proposed)),
        h('td', { class: 'num' }, h('span', { class: 'pill confirmed' }, u.label_counts.confirmed)),
        h('td', { class: 'num' }, h('span', { class: 'pill rejected' }, u.label_counts.rejected)),
        h('td', { class: 'mono' }, u.latest_run ? u.latest_run.run_id.slice(0, 8) : '–'),
        h('td', { class: 'num' }, u.latest_run ? (u.latest_run.alarms > 0 ? h('span', { class: 'pill alarm' }, u.latest_run.alarms) : '0') : '–')))),
    );
    if (units.length === 0) table.appendChild(h('caption', {}, query ? 'No unit matches.' : 'The workspace has no units.'));
  }

  async function load() {
    const my = ++seq;
    try {
      const r = await api.units({ q: query, sort: 'unit_id', order: 'asc' });
      if (my !== seq) return;
      if (!query) fleetOrder = [...r.units].map((u) => u.unit_id);
      rows = r.units;
      draw(rows);
    } catch (e) {
      toast(String((e as Error).message), 'error');
    }
  }

  let timer = 0;
  search.addEventListener('input', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => { query = search.value.trim(); sessionStorage.setItem('fleet.q', query); load(); }, 200);
  });
  load();
  return () => window.clearTimeout(timer);
}
