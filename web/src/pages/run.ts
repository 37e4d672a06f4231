// One run, like MLflow's run page: overview, its note (run_note.ts), parameters, metrics
// (overall, per unit, per label category and the other breakdowns), configuration and
// artifacts; and the comparison of
// several runs side by side (#/runs/compare?runs=a,b,c).
import { api, RunDetail, MetricInfo } from '../api';
import { h, clear, fmtTime, fmtNum } from '../dom';
import type { Route } from '../main';
import { renderRunNote } from './run_note';

// Metric names to show, the event metrics first.
function metricOrder(keys: Iterable<string>): string[] {
  const pref = ['event_f1', 'event_precision', 'event_recall'];
  return [...new Set(keys)].sort((a, b) => (pref.indexOf(a) + 1 || 99) - (pref.indexOf(b) + 1 || 99) || a.localeCompare(b));
}
const numeric = (m: Record<string, unknown> | undefined) =>
  Object.keys(m ?? {}).filter((k) => typeof m![k] === 'number' || m![k] === null);

export function renderRun(main: HTMLElement, runId: string) {
  main.classList.add('wide');
  const body = h('div', { id: 'run-page' }, h('p', { class: 'muted' }, 'loading…'));
  main.append(h('div', { class: 'page-head' }, h('h1', {}, 'Run'), h('span', { class: 'mono muted' }, runId.slice(0, 12)),
    h('a', { href: `#/review/${encodeURIComponent(runId)}`, id: 'run-review-link' }, 'Review queue'), h('a', { href: '#/runs' }, '← Runs')), body);
  api.run(runId).then((d: RunDetail) => {
    const r = d.run;
    const ks = metricOrder(numeric(r.metrics));
    const table = (id: string, head: string[], rows: (string | number | null | HTMLElement)[][]) =>
      h('table', { class: 'data', id }, h('thead', {}, h('tr', {}, head.map((x, i) => h('th', { class: i ? 'num' : '' }, x)))),
        h('tbody', {}, rows.map((row) => h('tr', {}, row.map((c, i) => h('td', { class: i ? 'num' : '' }, typeof c === 'number' || c === null ? fmtNum(c as number | null) : c))))));
    const breakdowns = Object.entries(d.breakdowns ?? {});
    clear(body,
      h('section', { class: 'run-overview' },
        h('h2', {}, r.name || r.run_id),
        h('dl', { class: 'kv' },
          h('dt', {}, 'Run id'), h('dd', { class: 'mono' }, r.run_id),
          h('dt', {}, 'Experiment'), h('dd', {}, d.experiment ?? ''),
          h('dt', {}, 'Model'), h('dd', {}, r.detector),
          h('dt', {}, 'Status'), h('dd', {}, r.status),
          h('dt', {}, 'Started'), h('dd', {}, fmtTime(r.created_at)),
          h('dt', {}, 'Ended'), h('dd', {}, d.end_time ? fmtTime(d.end_time) : '–'),
          h('dt', {}, 'Label revision'), h('dd', {}, `${d.label_revision} now (logged at ${r.original_label_revision ?? '–'})`),
          h('dt', {}, 'Code'), h('dd', { class: 'mono' }, d.git_commit ?? 'unknown'),
          h('dt', {}, 'Dataset'), h('dd', { class: 'mono' }, d.dataset_fingerprint || '–'))),
      renderRunNote(r.run_id, d.note),
      h('section', {}, h('h2', {}, 'Metrics'), ks.length
        ? table('run-metrics', ['metric', 'value'], ks.map((k) => [k, r.metrics[k]]))
        : h('p', { class: 'muted' }, 'No label-evaluated metrics (the run has no stored outputs, or is not a detector run).')),
      h('section', {}, h('h2', {}, 'Parameters'),
        table('run-params', ['parameter', 'value'], Object.entries(d.params ?? {}).map(([k, v]) => [k, h('span', { class: 'mono' }, v)]))),
      ks.length ? h('section', {}, h('h2', {}, 'Per unit'),
        table('run-per-unit', ['unit', ...ks], Object.entries(d.per_unit ?? {}).map(([u, m]) =>
          [h('a', { href: `#/units/${encodeURIComponent(u)}?run=${encodeURIComponent(r.run_id)}` }, u), ...ks.map((k) => m[k] ?? null)]))) : null,
      breakdowns.map(([name, rows]) => {
        const bk = metricOrder(rows.flatMap((x) => numeric(x.metrics)));
        return h('section', {}, h('h2', {}, `Per ${name.replace(/_/g, ' ')}`),
          table(`run-breakdown-${name}`, [name, ...bk], rows.map((x) => [x.key, ...bk.map((k) => (x.metrics[k] as number | null) ?? null)])));
      }),
      h('section', {}, h('h2', {}, 'Configuration'), h('pre', { class: 'config', id: 'run-config' }, d.config || '(none recorded)')),
      h('section', {}, h('h2', {}, 'Artifacts'), d.artifacts.length
        ? h('ul', { id: 'run-artifacts' }, d.artifacts.map((a) => h('li', { class: 'mono' }, `${a.path} (${a.size} bytes)`)))
        : h('p', { class: 'muted' }, 'No artifacts recorded.')));
  }).catch((e) => clear(body, h('p', { class: 'error' }, 'Could not load the run: ' + e.message)));
}

// Several runs side by side: one metric overall and per unit, the best per row marked by the
// metric's direction from the server's catalogue.
export function renderCompareMany(main: HTMLElement, r: Route) {
  const ids = (r.query.get('runs') ?? '').split(',').filter(Boolean);
  const metric = r.query.get('metric') || 'event_f1';
  main.classList.add('wide');
  const body = h('div', { id: 'compare-many' }, h('p', { class: 'muted' }, 'loading…'));
  main.append(h('div', { class: 'page-head' }, h('h1', {}, `Compare ${ids.length} runs`), h('a', { href: '#/runs' }, '← Runs')), body);
  if (ids.length < 2) { clear(body, h('p', { class: 'error' }, 'Pick two or more runs on the runs page.')); return; }
  Promise.all([api.runs(), ...ids.map((id) => api.run(id))]).then(([board, ...details]) => {
    const info = (board.metric_catalogue as MetricInfo[]).find((m) => m.name === metric);
    const higher = info ? info.higher_is_better : true;
    const units = [...new Set(details.flatMap((d) => Object.keys(d.per_unit ?? {})))].sort();
    const row = (label: string | HTMLElement, vals: (number | null | undefined)[]) => {
      const nums = vals.filter((v): v is number => typeof v === 'number');
      const best = nums.length > 1 && Math.min(...nums) !== Math.max(...nums) ? (higher ? Math.max(...nums) : Math.min(...nums)) : undefined;
      return h('tr', {}, h('td', {}, label), vals.map((v) => h('td', { class: 'num' + (best !== undefined && v === best ? ' best' : '') }, fmtNum(v ?? null))));
    };
    clear(body,
      h('p', {}, 'Metric ', h('b', {}, metric), ` (${higher ? 'higher' : 'lower'} is better, from the server's metric catalogue).`),
      h('table', { class: 'data', id: 'compare-many-table' },
        h('thead', {}, h('tr', {}, h('th', {}, ''), details.map((d) => h('th', { class: 'num' },
          h('a', { href: `#/runs/${encodeURIComponent(d.run.run_id)}`, title: d.run.run_id }, d.run.name || d.run.run_id.slice(0, 8)))))),
        h('tbody', {},
          row(h('b', {}, 'all units (micro)'), details.map((d) => d.run.metrics?.[metric])),
          units.map((u) => row(u, details.map((d) => d.per_unit?.[u]?.[metric]))))));
  }).catch((e) => clear(body, h('p', { class: 'error' }, 'Could not compare: ' + e.message)));
}
