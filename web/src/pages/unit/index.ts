// Unit view: stacked, synchronized plots of the unit's channels with its labels as bands and
// a run's score and alarms (plot.ts, review.ts), the channel panel (channels.ts), label
// editing (labels.ts) and the side panel with the selected label and its history (side.ts).
// This file lays the page out, wires the modules through the shared state (state.ts) and
// owns the keyboard shortcuts.
import { api, ApiError, canEdit, Category, Run } from '../../api';
import { h, clear, toast, fmtTime, fmtDuration } from '../../dom';
import { shortcutAllowed } from '../../keys';
import { SeriesPlots } from '../../plot/series_plot';
import type { Route } from '../../routes';
import { loadFleetOrder } from '../fleet';
import { MIN_SPAN, UnitState } from './state';
import { loadChannels, drawChannelPanel, drawLegend } from './channels';
import { fetchWindow, plotData, plotSpecs, drawBands } from './plot';
import { LabelEditor } from './labels';
import { SidePanel } from './side';
import { runSelector, fillRunSelector, loadRun, syncContrib, ReviewPanel } from './review';
import { loadDraft } from './draft';
import { Overview } from './overview';
import { readViewQuery, writeViewQuery, windowFrom } from './url';
import { fmtTimeIn, validZone } from '../../plot/time_axis';

export function renderUnit(main: HTMLElement, unitId: string, route: Route) {
  const editable = canEdit();
  const plotArea = h('section', { class: 'plots', id: 'plots' });
  const vq = readViewQuery(route.query);
  const s: UnitState = {
    unitId, editable, alive: true, info: null, chans: [], data: null, scores: null, labels: [], alarms: [], threshold: null, reviewItem: null,
    contrib: { show: sessionStorage.getItem('unit.contrib') !== '0', channels: [], series: {} },
    categories: [], runs: [], runId: vq.run || (sessionStorage.getItem('unit.run') ?? ''),
    selectedId: vq.label, zone: 'UTC', tz: 'UTC', fmt: (t) => fmtTimeIn(t, s.tz),
    drawMode: 'zoom', dragOverride: null, plots: null, plotArea,
    rebuild: async () => {}, redrawBands: () => {}, drawSide: () => {}, loadHistory: () => {},
    loadLabels: async () => {}, select: () => {}, setView: () => {}, moveEdge: () => {},
  };
  let refineTimer = 0;
  let overview: Overview | null = null;
  const plotCol = h('div', { class: 'plot-col' }, plotArea);

  // ---------- layout ----------
  const meta = h('span', { class: 'muted', id: 'unit-meta' });
  const runSelect = runSelector(s, () => { syncUrl(); loadRun(s).then(() => rebuild(true)); review.load(); });
  const tzBtn = h('button', { class: 'link', id: 'tz-toggle', title: 'Show times in UTC or in the unit\'s time zone' }, 'UTC');
  const modeZoom = h('button', { id: 'mode-zoom', class: 'seg active', title: 'Drag to zoom' }, 'Zoom');
  const modeLabel = editable ? h('button', { id: 'mode-label', class: 'seg', title: 'Drag to draw a label (l; Shift+drag also draws)' }, 'Draw label') : null;
  const undoBtn = editable ? h('button', { id: 'undo', disabled: true, title: 'Undo the last edit (u)' }, 'Undo') : null;
  const rangeText = h('span', { class: 'muted range', id: 'view-range' });
  const loading = h('span', { class: 'loading hidden' }, 'loading…');
  const legend = h('div', { class: 'legend-bar', id: 'legend-bar' });
  const chanPanel = h('aside', { class: 'channels', id: 'channel-panel' });
  const sideEl = h('aside', { class: 'side', id: 'label-panel' });
  const reviewEl = h('aside', { class: 'side plot-review hidden', id: 'plot-review' });  // review on the plot (review.ts)
  main.classList.add('wide');
  main.append(
    h('div', { class: 'toolbar' },
      h('button', { title: 'Previous unit (k)', onclick: () => gotoUnit(-1) }, '‹'),
      h('h1', {}, unitId),
      h('button', { title: 'Next unit (j)', onclick: () => gotoUnit(1) }, '›'),
      meta,
      h('span', { class: 'spacer' }),
      h('label', { class: 'inline' }, 'Run ', runSelect),
      h('span', { class: 'segmented' }, modeZoom, modeLabel),
      h('button', { id: 'zoom-out', title: 'Zoom out (z)', onclick: () => s.plots?.zoomOut() }, 'Zoom out'),
      undoBtn),
    h('div', { class: 'rangebar' }, rangeText, tzBtn, loading, legend),
    h('div', { class: 'unit-body' }, chanPanel, plotCol, h('div', { class: 'side-col' }, sideEl, reviewEl)));

  const editor = new LabelEditor(s, undoBtn);
  const side = new SidePanel(s, sideEl, editor);
  // A new review item may have other top contribution channels: their series are fetched.
  const onCursor = () => { syncUrl(); if (syncContrib(s) && s.contrib.show) rebuild(true); };
  const review = new ReviewPanel(s, reviewEl, onCursor, vq.item ?? null, () => rebuild(true));
  const setMode = (m: 'zoom' | 'label') => {
    s.drawMode = m;
    modeZoom.classList.toggle('active', m === 'zoom');
    modeLabel?.classList.toggle('active', m === 'label');
    plotArea.classList.toggle('label-mode', m === 'label');
  };
  modeZoom.addEventListener('click', () => setMode('zoom'));
  modeLabel?.addEventListener('click', () => setMode('label'));
  undoBtn?.addEventListener('click', () => editor.undo());

  // ---------- plots ----------
  function updateRangeText() {
    const v = s.plots?.view ?? [0, 0];
    plotArea.dataset.viewMin = String(v[0]);
    plotArea.dataset.viewMax = String(v[1]);
    const b = s.data ? ` · ${fmtDuration(s.data.bucket_ms)} per point` : '';
    rangeText.textContent = `${s.fmt(v[0])} – ${s.fmt(v[1])} ${s.tz} (${fmtDuration(v[1] - v[0])}${b})`;
    rangeText.title = `${fmtTime(v[0])} – ${fmtTime(v[1])} UTC`;
    syncUrl();
  }
  // The view in the URL (replaceState: no new history entry, no re-render), so a reload or a
  // copied link opens the same view.
  function syncUrl() {
    if (!s.alive || !s.plots || !s.info) return;
    const full = s.plots.view[0] <= s.info.start && s.plots.view[1] >= s.info.end;
    const q = writeViewQuery({
      from: full ? null : s.plots.view[0], to: full ? null : s.plots.view[1], run: s.runId,
      channels: s.chans.filter((c) => c.visible).map((c) => c.name), label: s.selectedId,
      tz: s.tz === 'UTC' ? 'utc' : 'local', item: s.reviewItem?.key ?? review.wantKey,
    });
    const hash = `#/units/${encodeURIComponent(unitId)}${q ? '?' + q : ''}`;
    if (location.hash !== hash) history.replaceState(history.state, '', hash);
  }
  function setZone(local: boolean) {
    s.tz = local && s.zone !== 'UTC' ? s.zone : 'UTC';
    tzBtn.textContent = s.tz === 'UTC' ? 'UTC' : `${s.tz} time`;
    tzBtn.title = s.zone === 'UTC' ? 'The unit has no time zone: times are UTC' : `Times in ${s.tz}; click for ${s.tz === 'UTC' ? s.zone : 'UTC'}`;
    if (s.plots) s.plots.opts.tz = s.tz;
  }
  tzBtn.addEventListener('click', () => { setZone(s.tz === 'UTC'); rebuild(false); side.draw(); s.redrawBands(); });
  async function refine() {
    const p = s.plots;
    if (!p || !(await fetchWindow(s, p.view[0], p.view[1], loading)) || !s.alive) return;
    p.setData((h) => plotData(s, h.spec));
    updateRangeText();
  }
  async function rebuild(refetch: boolean) {
    const p = s.plots;
    if (!s.info || !p) return;
    if (refetch) await fetchWindow(s, p.view[0], p.view[1], loading);
    if (!s.alive) return;
    const specs = plotSpecs(s);
    plotArea.querySelector('.empty')?.remove();
    p.build(specs, plotArea.clientWidth || 900);
    if (specs.length === 0) plotArea.appendChild(h('p', { class: 'muted empty' }, 'No channel selected: tick one in the channel panel.'));
    updateRangeText();
    overview?.update(true);
  }
  function select(id: number | null, reveal = false) {
    s.selectedId = id;
    s.redrawBands();
    side.draw();
    side.loadHistory();
    syncUrl();
    const l = s.labels.find((x) => x.id === id);
    const v = s.plots?.view;
    if (reveal && l && v && (l.start < v[0] || l.end > v[1])) {
      const pad = Math.max((l.end - l.start) * 0.5, 2 * 3600_000);
      s.setView(l.start - pad, l.end + pad);
    }
  }
  async function loadLabels() {
    try {
      s.labels = (await api.labels(unitId)).labels.filter((l) => l.status !== 'superseded').sort((a, b) => a.start - b.start);
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 401)) toast('Could not load labels: ' + (e as Error).message, 'error');
    }
    if (!s.alive) return;
    if (s.selectedId !== null && !s.labels.some((l) => l.id === s.selectedId)) s.selectedId = null;
    s.redrawBands();
    side.draw();
    drawLegend(s, legend);
  }
  Object.assign(s, {
    rebuild, select, loadLabels,
    redrawBands: () => s.plots?.redraw(),
    drawSide: () => side.draw(),
    loadHistory: () => side.loadHistory(),
    setView: (a: number, b: number) => s.plots?.setView(a, b),
    moveEdge: (lab, which, to) => editor.moveEdge(lab, which, to),
  } satisfies Partial<UnitState>);

  async function gotoUnit(dir: number) {
    const order = await loadFleetOrder();
    const i = order.indexOf(unitId);
    if (order.length === 0) return;
    const next = order[(i + dir + order.length) % order.length];
    if (next && next !== unitId) location.hash = '#/units/' + encodeURIComponent(next);
  }

  // ---------- keyboard ----------
  function onKey(e: KeyboardEvent) {
    if (!shortcutAllowed(e)) return;
    if (document.querySelector('.overlay')) return;   // a form or the help is open
    const sorted = [...s.labels].sort((a, b) => a.start - b.start);
    const idx = sorted.findIndex((l) => l.id === s.selectedId);
    switch (e.key) {
      case 'n': if (sorted.length) select(sorted[(idx + 1) % sorted.length].id, true); break;
      case 'p': if (sorted.length) select(sorted[(idx - 1 + sorted.length) % sorted.length].id, true); break;
      case 'j': gotoUnit(1); break;
      case 'k': gotoUnit(-1); break;
      case 'c': editor.setStatus('confirm'); break;
      case 'r': editor.setStatus('reject'); break;
      case 's': editor.split(s.plots?.cursorT ?? null); break;
      case 'u': if (editable) editor.undo(); break;
      case 'l': if (editable) setMode(s.drawMode === 'label' ? 'zoom' : 'label'); break;
      case 'z': s.plots?.zoomOut(); break;
      case ']': review.step(1); break;          // review on the plot (review.ts)
      case '[': review.step(-1); break;
      case 'a': if (editable && s.runId) review.decide('accept'); else return; break;
      case 'x': if (editable && s.runId) review.decide('reject'); else return; break;
      case 'U': if (editable && s.runId) review.undo(); else return; break;
      case 'Escape':
        if (s.drawMode === 'label') setMode('zoom');
        else if (s.selectedId !== null) select(null);
        else s.plots?.zoomOut();
        break;
      case 'Delete': editor.remove(); break;
      case 'ArrowLeft': s.plots?.pan(-0.25); break;
      case 'ArrowRight': s.plots?.pan(0.25); break;
      default: return;
    }
    e.preventDefault();   // also keeps a focused select or checkbox as it is
  }
  document.addEventListener('keydown', onKey);
  let resizeTimer = 0;
  const onResize = () => { window.clearTimeout(resizeTimer); resizeTimer = window.setTimeout(() => rebuild(true), 200); };
  window.addEventListener('resize', onResize);

  // ---------- loading ----------
  (async () => {
    try {
      const [u, cats, rs] = await Promise.all([
        api.unit(unitId),
        api.categories().catch(() => ({ categories: [] as Category[] })),
        api.runs().catch(() => ({ label_revision: 0, runs: [] as Run[] })),
      ]);
      if (!s.alive) return;
      s.info = u;
      if (u.channels.some((c) => c.name === 't_tank_mid') && !document.getElementById('household-link')) meta.after(h('a', { href: `#/units/${encodeURIComponent(unitId)}/household`, id: 'household-link' }, 'Household view'));
      s.categories = cats.categories;
      s.zone = u.time_zone && validZone(u.time_zone) ? u.time_zone : 'UTC';
      setZone(vq.tz === 'local');
      meta.textContent = `${u.type} · ${s.fmt(u.start)} – ${s.fmt(u.end)}` + (s.zone !== 'UTC' ? ` · ${s.zone}` : '');
      fillRunSelector(s, runSelect, rs.runs);
      const view = windowFrom(vq, [u.start, u.end]);
      s.plots = new SeriesPlots(plotArea, {
        tz: s.tz,
        syncKey: 'unit-' + unitId, range: [u.start, u.end], view, minSpan: MIN_SPAN,
        onView: (v) => { overview?.nav.setWindow(v); updateRangeText(); window.clearTimeout(refineTimer); refineTimer = window.setTimeout(refine, 180); },
        selectMode: () => s.drawMode === 'label',
        onSelect: editable ? (a, b) => editor.openCreateForm(a, b) : undefined,
        onClick: (t) => {
          const hits = s.labels.filter((l) => l.start <= t && t <= l.end).sort((a, b) => (a.end - a.start) - (b.end - b.start));
          select(hits.length ? hits[0].id : null);
        },
        onDraw: (p) => drawBands(s, p),
      });
      overview = new Overview(s, [u.start, u.end]);
      plotCol.appendChild(overview.nav.el);
      loadChannels(s, u);
      if (vq.channels) for (const c of s.chans) c.visible = vq.channels.includes(c.name);
      drawChannelPanel(s, chanPanel);
      await Promise.all([loadLabels(), loadRun(s), review.load()]);
      await rebuild(true);
      if (s.selectedId !== null) { side.draw(); side.loadHistory(); }
      const draft = editable ? loadDraft(unitId) : null;
      if (draft) editor.openCreateForm(draft.start, draft.end, draft);
      loadFleetOrder();
    } catch (e) {
      clear(plotArea, h('p', { class: 'error' }, e instanceof ApiError && e.status === 404 ? `No unit "${unitId}".` : 'Could not load the unit: ' + (e as Error).message));
    }
  })();

  return () => {
    s.alive = false;
    document.removeEventListener('keydown', onKey);
    window.removeEventListener('resize', onResize);
    window.clearTimeout(refineTimer);
    window.clearTimeout(resizeTimer);
    document.getElementById('label-form-overlay')?.remove();
    s.plots?.destroy();
    s.plots = null;
    overview?.nav.destroy();
  };
}
