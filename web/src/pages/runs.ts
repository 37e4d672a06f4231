import { api, Run } from '../api';
import { h, clear, toast, fmtTime, fmtNum } from '../dom';
import type { Route } from '../routes';

// The leaderboard's columns besides the run id and the review link: run fields, then every
// metric. Shown by default: name, detector, status and the event metrics; the column
// chooser toggles the rest (remembered in localStorage under COLS_KEY).
interface Column { key: string; title: string; metric: boolean }
const COLS_KEY = 'runs.columns';
const DEFAULT_COLUMNS = new Set(['name', 'detector', 'status', 'event_f1', 'event_precision', 'event_recall']);
function columns(metrics: string[]): Column[] {
  return [
    { key: 'name', title: 'Name', metric: false }, { key: 'detector', title: 'Detector', metric: false },
    { key: 'status', title: 'Status', metric: false }, { key: 'created_at', title: 'Created', metric: false },
    { key: 'original_label_revision', title: 'Logged at rev', metric: false },
    ...metrics.map((k) => ({ key: k, title: k.replace(/_/g, ' '), metric: true })),
  ];
}

export function renderRuns(main: HTMLElement) {
  let sortKey = sessionStorage.getItem('runs.sort') || 'created_at';
  let desc = sessionStorage.getItem('runs.desc') !== '0';
  let runs: Run[] = [];
  let revision = 0;
  // Which way each metric goes, as the server declares it (GET /runs metric_catalogue).
  let higherIsBetter: Record<string, boolean> = {};
  const lowerIsBetter = (k: string) => higherIsBetter[k] === false;
  const picked: string[] = [];
  let chosen: Record<string, boolean> = {};
  try { chosen = JSON.parse(localStorage.getItem(COLS_KEY) ?? '{}') ?? {}; } catch { chosen = {}; }
  const isShown = (k: string) => chosen[k] ?? DEFAULT_COLUMNS.has(k);
  const chooser = h('details', { class: 'column-chooser', id: 'column-chooser' });
  const head = h('div', { class: 'page-head' }, h('h1', {}, 'Runs'));
  const rev = h('p', { class: 'muted', id: 'leaderboard-revision' });
  const cmpBtn = h('button', { id: 'compare-btn', class: 'primary', disabled: true }, 'Compare selected');
  const metricSel = h('select', { id: 'compare-metric' });
  const table = h('table', { class: 'data runs', id: 'runs-table' });
  main.classList.add('wide');
  main.append(head, rev, h('div', { class: 'toolbar' }, h('span', {}, 'Pick two or more runs, then '), cmpBtn, h('label', { class: 'inline' }, ' on ', metricSel), chooser), h('div', { class: 'scroll-x' }, table));
  cmpBtn.addEventListener('click', () => {
    if (picked.length === 2) location.hash = `#/runs/compare?a=${encodeURIComponent(picked[0])}&b=${encodeURIComponent(picked[1])}&metric=${encodeURIComponent(metricSel.value)}`;
    else if (picked.length > 2) location.hash = `#/runs/compare?runs=${picked.map(encodeURIComponent).join(',')}&metric=${encodeURIComponent(metricSel.value)}`;
  });

  const metricKeys = () => {
    const ks = new Set<string>();
    for (const r of runs) for (const k of Object.keys(r.metrics ?? {})) if (typeof r.metrics[k] === 'number' || r.metrics[k] === null) ks.add(k);
    const pref = ['event_f1', 'event_precision', 'event_recall'];
    return [...ks].sort((a, b) => (pref.indexOf(a) + 1 || 99) - (pref.indexOf(b) + 1 || 99) || a.localeCompare(b));
  };
  const value = (r: Run, k: string): number | string | null => {
    if (k in (r.metrics ?? {})) return r.metrics[k];
    return (r as any)[k] ?? null;
  };

  function draw() {
    const ks = metricKeys();
    if (metricSel.options.length === 0) {
      for (const k of ks) metricSel.appendChild(h('option', { value: k, selected: k === 'event_f1' }, k));
    }
    const sorted = [...runs].sort((a, b) => {
      const va = value(a, sortKey), vb = value(b, sortKey);
      if (va === null && vb === null) return 0;
      if (va === null) return 1;
      if (vb === null) return -1;
      const c = typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va).localeCompare(String(vb));
      return desc ? -c : c;
    });
    const th = (k: string, text: string, cls = '') => h('th', { class: 'sortable ' + cls, 'data-sort': k, title: k, onclick: () => {
      if (sortKey === k) desc = !desc; else { sortKey = k; desc = !lowerIsBetter(k) && k !== 'name' && k !== 'detector' && k !== 'run_id'; }
      sessionStorage.setItem('runs.sort', sortKey); sessionStorage.setItem('runs.desc', desc ? '1' : '0');
      draw();
    } }, text + (sortKey === k ? (desc ? ' ▼' : ' ▲') : ''));
    const best: Record<string, number> = {};
    for (const k of ks) {
      const vals = runs.map((r) => r.metrics?.[k]).filter((v): v is number => typeof v === 'number');
      if (vals.length > 1 && Math.min(...vals) !== Math.max(...vals)) best[k] = lowerIsBetter(k) ? Math.min(...vals) : Math.max(...vals);
    }
    // Columns: a few by default, the rest toggled in the column chooser (remembered).
    const cols = columns(ks);
    const shown = cols.filter((c) => isShown(c.key));
    clear(chooser, h('summary', {}, `Columns (${shown.length} of ${cols.length})`),
      h('div', { class: 'column-list' }, cols.map((c) => {
        const cb = h('input', { type: 'checkbox', 'data-col': c.key, checked: isShown(c.key) });
        cb.addEventListener('change', () => { chosen[c.key] = cb.checked; localStorage.setItem(COLS_KEY, JSON.stringify(chosen)); draw(); chooser.open = true; });
        return h('label', { class: 'inline' }, cb, ' ' + c.title);
      })));
    clear(table,
      h('thead', {}, h('tr', {}, h('th', {}, ''), th('run_id', 'Run'), h('th', {}, 'Review'),
        shown.map((c) => th(c.key, c.title, c.metric ? 'num' : '')))),
      h('tbody', {}, sorted.map((r) => {
        const cb = h('input', { type: 'checkbox', class: 'pick', 'data-run': r.run_id, checked: picked.includes(r.run_id) });
        cb.addEventListener('change', () => {
          const i = picked.indexOf(r.run_id);
          if (cb.checked && i < 0) picked.push(r.run_id);
          if (!cb.checked && i >= 0) picked.splice(i, 1);
          cmpBtn.disabled = picked.length < 2;
          cmpBtn.textContent = picked.length >= 2 ? `Compare ${picked.length} runs` : 'Compare selected';
          draw();
        });
        const cell = (c: Column) => {
          if (c.metric) return h('td', { class: 'num' + (best[c.key] !== undefined && r.metrics?.[c.key] === best[c.key] ? ' best' : '') }, fmtNum(r.metrics?.[c.key]));
          if (c.key === 'created_at') return h('td', {}, fmtTime(r.created_at));
          if (c.key === 'original_label_revision') return h('td', { class: 'num' }, r.original_label_revision);
          return h('td', {}, String((r as any)[c.key] ?? ''));
        };
        return h('tr', { 'data-run': r.run_id },
          h('td', {}, cb),
          h('td', { class: 'mono', title: r.run_id }, h('a', { href: `#/runs/${encodeURIComponent(r.run_id)}`, class: 'run-link' }, r.run_id.slice(0, 8))),
          h('td', {}, h('a', { href: `#/review/${encodeURIComponent(r.run_id)}`, class: 'review-link' }, 'review')),
          shown.map(cell));
      })));
    if (runs.length === 0) table.appendChild(h('caption', {}, 'No runs yet: `heatloop run CONFIG --workspace WS`.'));
  }

  api.runs().then((r) => {
    runs = r.runs;
    revision = r.label_revision;
    higherIsBetter = Object.fromEntries(r.metric_catalogue.map((m) => [m.name, m.higher_is_better]));
    rev.textContent = `Metrics re-evaluated against the current label revision ${revision}. "Logged at rev" is the revision each run was first evaluated against.`;
    draw();
  }).catch((e) => toast('Could not load the runs: ' + e.message, 'error'));
}

export function renderCompare(main: HTMLElement, r: Route) {
  const a = r.query.get('a') ?? '', b = r.query.get('b') ?? '';
  const metric = r.query.get('metric') || 'event_f1';
  main.classList.add('wide');
  main.append(h('div', { class: 'page-head' }, h('h1', {}, 'Compare runs'), h('a', { href: '#/runs' }, '← Runs')));
  const body = h('div', { id: 'compare' }, h('p', { class: 'muted' }, 'loading…'));
  main.appendChild(body);
  if (!a || !b) { clear(body, h('p', { class: 'error' }, 'Pick two runs on the runs page.')); return; }
  api.compare(a, b, metric).then((c: any) => {
    const units: any[] = c.units ?? [];
    const stat = (k: string, v: any) => h('div', { class: 'stat' }, h('div', { class: 'muted' }, k), h('div', { class: 'big' }, v));
    const w = c.wilcoxon ?? {};
    const bs = c.bootstrap ?? {};
    clear(body,
      h('p', {}, `Metric `, h('b', {}, c.metric ?? metric), ` (${c.higher_is_better === false ? 'lower' : 'higher'} is better), label revision ${c.label_revision ?? '?'}: `,
        h('span', { class: 'mono' }, String(c.baseline_run ?? a).slice(0, 8)), ' (baseline) → ',
        h('span', { class: 'mono' }, String(c.candidate_run ?? b).slice(0, 8)), ' (candidate)'),
      h('div', { class: 'stats' },
        stat('mean Δ', fmtNum(c.mean_delta)), stat('median Δ', fmtNum(c.median_delta)),
        stat(`bootstrap ${Math.round((bs.confidence ?? 0.95) * 100)}% CI`, `[${fmtNum(bs.ci_low)}, ${fmtNum(bs.ci_high)}]`),
        stat('Wilcoxon p', w.p_value == null ? 'n/a' : fmtNum(w.p_value, 4)),
        stat('improved / worse / same', `${c.improved ?? 0} / ${c.worse ?? 0} / ${c.unchanged ?? 0}`),
        stat('undefined · only in a · only in b', `${c.undefined ?? 0} · ${c.only_in_baseline ?? 0} · ${c.only_in_candidate ?? 0}`)),
      h('p', { class: 'muted' }, `Wilcoxon signed-rank: n=${w.n ?? 0}, W+=${fmtNum(w.w_plus)}, W−=${fmtNum(w.w_minus)}, zeros=${w.zeros ?? 0}${w.exact ? ', exact' : ''}; bootstrap ${bs.samples ?? '?'} samples.`),
      h('table', { class: 'data', id: 'compare-table' },
        h('thead', {}, h('tr', {}, h('th', {}, 'Unit'), h('th', { class: 'num' }, 'baseline'), h('th', { class: 'num' }, 'candidate'), h('th', { class: 'num' }, 'Δ'))),
        h('tbody', {}, units.map((u) => {
          const d = u.delta;
          const good = typeof d === 'number' && d !== 0 ? ((d > 0) === (c.higher_is_better !== false) ? 'better' : 'worse') : '';
          return h('tr', {}, h('td', {}, h('a', { href: '#/units/' + encodeURIComponent(u.unit_id) }, u.unit_id)),
            h('td', { class: 'num' }, fmtNum(u.baseline)), h('td', { class: 'num' }, fmtNum(u.candidate)),
            h('td', { class: 'num ' + good }, typeof d === 'number' ? (d > 0 ? '+' : '') + fmtNum(d) : '–'));
        }))));
  }).catch((e) => clear(body, h('p', { class: 'error' }, 'Could not compare: ' + e.message)));
}
