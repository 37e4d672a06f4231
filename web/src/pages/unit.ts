// Unit view: stacked, synchronized uPlot charts; labels as bands; a run's score and alarms;
// label editing (draw, edge-drag, confirm/reject/split/delete, undo) and history.
import uPlot from 'uplot';
import { api, ApiError, canEdit, isAdmin, Label, UnitInfo, SeriesResponse, Alarm, Category, Run } from '../api';
import { h, clear, toast, fmtTime, fmtDuration, fmtNum, categoryColor, isTyping } from '../dom';
import { loadFleetOrder } from './fleet';
import type { Route } from '../main';

interface ChanCfg { name: string; unit: string; visible: boolean; group: number; derived: boolean; description?: string }
interface PlotRec { u: uPlot; key: string; channels: string[]; bands: HTMLElement; isScore: boolean }
type Undo =
  | { kind: 'create'; id: number; what: string }
  | { kind: 'patch'; id: number; before: Partial<Pick<Label, 'start' | 'end' | 'category' | 'confidence' | 'notes'>>; what: string }
  | { kind: 'status'; id: number; before: Label['status']; what: string }
  | { kind: 'split'; first: number; second: number; start: number; end: number; what: string }
  | { kind: 'delete'; label: Label; what: string };

const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#7f7f7f', '#393b79', '#637939'];
const MIN_SPAN = 10 * 60_000;   // do not zoom in further than 10 minutes
const DATA_STEP = 60_000;       // the workspace's resampling step: no buckets finer than this
const STORE_KEY = 'heatloop.channels';
const DEFAULT_VISIBLE = ['t_outdoor', 't_supply', 't_return', 'compressor_power', 'heat_output', 'cop'];
const DEFAULT_OVERLAY: Record<string, string> = { t_return: 't_supply', heat_output: 'compressor_power' };

// x-axis ticks on one line, UTC: dates for day steps, hours within a day
const p2 = (n: number) => String(n).padStart(2, '0');
function timeTicks(_u: uPlot, splits: number[], _ai: number, _space: number, incr: number): string[] {
  return splits.map((t) => {
    const d = new Date(t);
    const date = `${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}`;
    if (incr >= 86_400_000) return date;
    const midnight = d.getUTCHours() === 0 && d.getUTCMinutes() === 0;
    return midnight ? date : `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}`;
  });
}

export function renderUnit(main: HTMLElement, unitId: string, route: Route) {
  const editable = canEdit();
  let alive = true;
  let info: UnitInfo | null = null;
  let chans: ChanCfg[] = [];
  let plots: PlotRec[] = [];
  let data: SeriesResponse | null = null;
  let scores: { t: number[]; min: (number | null)[]; max: (number | null)[] } | null = null;
  let labels: Label[] = [];
  let alarms: Alarm[] = [];
  let categories: Category[] = [];
  let runs: Run[] = [];
  let runId: string = route.query.get('run') ?? sessionStorage.getItem('unit.run') ?? '';
  let selectedId: number | null = route.query.has('label') ? Number(route.query.get('label')) : null;
  let view: [number, number] = [0, 1];
  let full: [number, number] = [0, 1];
  let drawMode: 'zoom' | 'label' = 'zoom';
  let cursorT: number | null = null;
  let dragOverride: { id: number; start: number; end: number } | null = null;
  const undoStack: Undo[] = [];
  let fetchSeq = 0;
  let refineTimer = 0;
  let syncing = false;
  let busy = false;

  // ---------- layout ----------
  const title = h('h1', {}, unitId);
  const meta = h('span', { class: 'muted', id: 'unit-meta' });
  const runSelect = h('select', { id: 'run-select', title: 'Overlay a run\'s score and alarms' }, h('option', { value: '' }, 'no run'));
  const modeZoom = h('button', { id: 'mode-zoom', class: 'seg active', title: 'Drag to zoom' }, 'Zoom');
  const modeLabel = editable ? h('button', { id: 'mode-label', class: 'seg', title: 'Drag to draw a label (l; Shift+drag also draws)' }, 'Draw label') : null;
  const undoBtn = editable ? h('button', { id: 'undo', disabled: true, title: 'Undo the last edit (u)' }, 'Undo') : null;
  const rangeText = h('span', { class: 'muted range', id: 'view-range' });
  const loading = h('span', { class: 'loading hidden' }, 'loading…');
  const toolbar = h('div', { class: 'toolbar' },
    h('button', { title: 'Previous unit (k)', onclick: () => gotoUnit(-1) }, '‹'),
    title,
    h('button', { title: 'Next unit (j)', onclick: () => gotoUnit(1) }, '›'),
    meta,
    h('span', { class: 'spacer' }),
    h('label', { class: 'inline' }, 'Run ', runSelect),
    h('span', { class: 'segmented' }, modeZoom, modeLabel),
    h('button', { id: 'zoom-out', title: 'Zoom out (z)', onclick: () => zoomOut() }, 'Zoom out'),
    undoBtn);
  const chanPanel = h('aside', { class: 'channels', id: 'channel-panel' });
  const plotArea = h('section', { class: 'plots', id: 'plots' });
  const side = h('aside', { class: 'side', id: 'label-panel' });
  main.classList.add('wide');
  main.append(toolbar, h('div', { class: 'rangebar' }, rangeText, loading), h('div', { class: 'unit-body' }, chanPanel, plotArea, side));

  const setMode = (m: 'zoom' | 'label') => {
    drawMode = m;
    modeZoom.classList.toggle('active', m === 'zoom');
    modeLabel?.classList.toggle('active', m === 'label');
    plotArea.classList.toggle('label-mode', m === 'label');
  };
  modeZoom.addEventListener('click', () => setMode('zoom'));
  modeLabel?.addEventListener('click', () => setMode('label'));
  undoBtn?.addEventListener('click', () => undo());
  runSelect.addEventListener('change', () => {
    runId = runSelect.value;
    sessionStorage.setItem('unit.run', runId);
    loadRun().then(() => buildPlots());
  });

  // ---------- channel configuration ----------
  function loadChanCfg(u: UnitInfo) {
    let saved: Record<string, { visible: boolean; group: number }> = {};
    try { saved = JSON.parse(localStorage.getItem(STORE_KEY) ?? '{}'); } catch { saved = {}; }
    const all: ChanCfg[] = [
      ...u.channels.map((c) => ({ name: c.name, unit: c.unit, visible: false, group: 0, derived: false })),
      ...u.derived.map((d) => ({ name: d.name, unit: d.name === 'lift' ? 'K' : '', visible: false, group: 0, derived: true, description: d.description })),
    ];
    const anyDefault = all.some((c) => DEFAULT_VISIBLE.includes(c.name));
    all.forEach((c, i) => {
      c.group = i + 1;
      c.visible = anyDefault ? DEFAULT_VISIBLE.includes(c.name) : i < 4;
    });
    for (const c of all) {
      const base = DEFAULT_OVERLAY[c.name] && all.find((x) => x.name === DEFAULT_OVERLAY[c.name]);
      if (base) c.group = base.group;
    }
    for (const c of all) {
      const s = saved[c.name];
      if (s) { c.visible = !!s.visible; c.group = Math.max(1, Math.min(all.length, Number(s.group) || c.group)); }
    }
    chans = all;
  }
  function saveChanCfg() {
    let saved: Record<string, unknown> = {};
    try { saved = JSON.parse(localStorage.getItem(STORE_KEY) ?? '{}'); } catch { saved = {}; }
    for (const c of chans) saved[c.name] = { visible: c.visible, group: c.group };
    localStorage.setItem(STORE_KEY, JSON.stringify(saved));
  }
  function drawChanPanel() {
    const n = chans.length;
    const row = (c: ChanCfg, i: number) => {
      const cb = h('input', { type: 'checkbox', checked: c.visible, 'data-channel': c.name });
      cb.addEventListener('change', () => { c.visible = cb.checked; saveChanCfg(); buildPlots(true); });
      const sel = h('select', { class: 'group', title: 'Plot: channels with the same number share one plot (overlay)', 'data-channel': c.name },
        Array.from({ length: n }, (_, k) => h('option', { value: k + 1, selected: c.group === k + 1 }, String(k + 1))));
      sel.addEventListener('change', () => { c.group = Number(sel.value); saveChanCfg(); buildPlots(false); });
      return h('div', { class: 'chan' + (c.derived ? ' derived' : '') },
        h('span', { class: 'swatch', style: `background:${COLORS[i % COLORS.length]}` }),
        h('label', { title: c.description ?? c.name }, cb, ' ', c.name, c.unit ? h('small', {}, ` ${c.unit}`) : null),
        sel);
    };
    clear(chanPanel,
      h('h3', {}, 'Channels'),
      h('p', { class: 'hint' }, 'Tick to show; same plot number = overlay.'),
      chans.filter((c) => !c.derived).map((c) => row(c, chans.indexOf(c))),
      chans.some((c) => c.derived) ? h('h3', {}, 'Derived') : null,
      chans.filter((c) => c.derived).map((c) => row(c, chans.indexOf(c))),
      h('h3', {}, 'Legend'),
      h('div', { class: 'legend-key' },
        h('div', {}, h('span', { class: 'key-band proposed' }), 'proposed'),
        h('div', {}, h('span', { class: 'key-band confirmed' }), 'confirmed'),
        h('div', {}, h('span', { class: 'key-band rejected' }), 'rejected'),
        h('div', {}, h('span', { class: 'key-band alarm' }), 'run alarm')));
  }

  // ---------- data ----------
  const plotPx = () => Math.max(100, Math.floor((plotArea.clientWidth || 900) - 70));
  const bucketsFor = (start: number, end: number) =>
    Math.max(2, Math.min(plotPx(), Math.floor((end - start) / DATA_STEP)));

  async function fetchData(start: number, end: number) {
    const visible = chans.filter((c) => c.visible).map((c) => c.name);
    const my = ++fetchSeq;
    loading.classList.remove('hidden');
    try {
      const width = bucketsFor(start, end);
      const [d, s] = await Promise.all([
        visible.length ? api.series(unitId, visible, start, end, width) : Promise.resolve(null),
        runId ? api.scores(runId, unitId, start, end, width).catch(() => null) : Promise.resolve(null),
      ]);
      if (!alive || my !== fetchSeq) return false;
      data = d;
      scores = s;
      return true;
    } catch (e) {
      if (alive && my === fetchSeq) toast('Could not load the series: ' + (e as Error).message, 'error');
      return false;
    } finally {
      if (my === fetchSeq) loading.classList.add('hidden');
    }
  }

  // min/max buckets -> 2 points per bucket (the envelope), null stays null (a gap)
  function interleave(t: number[], bucket: number, cols: { min: (number | null)[]; max: (number | null)[] }[]): uPlot.AlignedData {
    const n = t.length;
    const x = new Array<number>(2 * n);
    const half = Math.max(1, Math.floor(bucket / 2));
    for (let i = 0; i < n; i++) { x[2 * i] = t[i]; x[2 * i + 1] = t[i] + half; }
    const ys = cols.map((c) => {
      const y = new Array<number | null>(2 * n);
      for (let i = 0; i < n; i++) { y[2 * i] = c.min[i] ?? null; y[2 * i + 1] = c.max[i] ?? null; }
      return y;
    });
    return [x, ...ys] as uPlot.AlignedData;
  }
  function plotData(p: PlotRec): uPlot.AlignedData {
    if (p.isScore) {
      if (!scores || scores.t.length === 0) return [[], []];
      const b = scores.t.length > 1 ? scores.t[1] - scores.t[0] : DATA_STEP;
      return interleave(scores.t, b, [scores]);
    }
    if (!data) return [[], ...p.channels.map(() => [])] as uPlot.AlignedData;
    const empty = { min: [] as (number | null)[], max: [] as (number | null)[] };
    return interleave(data.t, data.bucket_ms, p.channels.map((c) => data!.series[c] ?? empty));
  }

  // ---------- plots ----------
  function groups(): { key: string; channels: string[] }[] {
    const byGroup = new Map<number, string[]>();
    for (const c of chans) if (c.visible) {
      if (!byGroup.has(c.group)) byGroup.set(c.group, []);
      byGroup.get(c.group)!.push(c.name);
    }
    return [...byGroup.entries()].sort((a, b) => a[0] - b[0]).map(([g, cs]) => ({ key: 'g' + g, channels: cs }));
  }

  async function buildPlots(refetch = true) {
    if (!info) return;
    if (refetch) await fetchData(view[0], view[1]);
    if (!alive) return;
    for (const p of plots) p.u.destroy();
    plots = [];
    plotArea.replaceChildren();
    const gs = groups();
    if (gs.length === 0) plotArea.appendChild(h('p', { class: 'muted empty' }, 'No channel selected: tick one in the channel panel.'));
    const width = plotArea.clientWidth || 900;
    const n = gs.length + (runId ? 1 : 0);
    const height = Math.max(90, Math.min(170, Math.floor((window.innerHeight - 230) / Math.max(1, n)) - 30));
    gs.forEach((g, i) => plots.push(makePlot(g.key, g.channels, width, height, false, !runId && i === gs.length - 1)));
    if (runId) plots.push(makePlot('score', ['score'], width, Math.max(80, Math.floor(height * 0.8)), true, true));
    updateRangeText();
  }

  function makePlot(key: string, channels: string[], width: number, height: number, isScore: boolean, last: boolean): PlotRec {
    const holder = h('div', { class: 'plot' + (isScore ? ' score-plot' : ''), 'data-plot': key });
    plotArea.appendChild(holder);
    const units = new Set(channels.map((c) => chans.find((x) => x.name === c)?.unit ?? ''));
    const series: uPlot.Series[] = [{ value: (_u, v) => (v == null ? '' : fmtTime(v)) }];
    for (const c of channels) {
      const idx = chans.findIndex((x) => x.name === c);
      const color = isScore ? '#c0392b' : COLORS[idx % COLORS.length];
      series.push({ label: isScore ? `score (${runId.slice(0, 8)})` : c, stroke: color, width: 1, spanGaps: false, points: { show: false },
        value: (_u, v) => (v == null ? '–' : fmtNum(v, 2)) });
    }
    let rec!: PlotRec;
    let downX = 0;
    let shiftAtDown = false;
    const opts: uPlot.Options = {
      width, height, ms: 1,
      tzDate: (ts) => uPlot.tzDate(new Date(ts), 'Etc/UTC'),
      cursor: {
        sync: { key: 'unit-' + unitId, setSeries: false },
        drag: { x: true, y: false, setScale: false },
        bind: { dblclick: () => () => null },
        focus: { prox: -1 },
      },
      legend: { show: true, live: true },
      scales: { x: { time: true, min: view[0], max: view[1] } },
      axes: [
        { show: true, size: last ? 30 : 6, stroke: '#555', grid: { stroke: '#eee' }, ticks: { stroke: '#ddd', size: last ? 4 : 0 },
          values: last ? timeTicks : (_u, splits) => splits.map(() => '') },
        { size: 50, stroke: '#555', grid: { stroke: '#eee' }, ticks: { stroke: '#ddd' },
          label: isScore ? 'score' : ([...units].filter(Boolean).join(', ') || channels.join(', ')), labelSize: 16, labelFont: '12px system-ui' },
      ],
      series,
      hooks: {
        setSelect: [(u) => {
          const sel = u.select;
          if (sel.width < 3) return;
          const a = u.posToVal(sel.left, 'x'), b = u.posToVal(sel.left + sel.width, 'x');
          u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
          if ((drawMode === 'label' || shiftAtDown) && editable) openCreateForm(a, b);
          else setView(a, b);
        }],
        setScale: [(u, k) => {
          if (k !== 'x' || syncing) return;
          const { min, max } = u.scales.x;
          if (min != null && max != null && (Math.abs(min - view[0]) > 1 || Math.abs(max - view[1]) > 1)) setView(min, max);
        }],
        setCursor: [(u) => {
          const l = u.cursor.left;
          if (l != null && l >= 0) cursorT = u.posToVal(l, 'x');
        }],
        draw: [(u) => drawBands(rec ?? null, u)],
      },
    };
    const u = new uPlot(opts, [[], ...channels.map(() => [])] as uPlot.AlignedData, holder);
    const bands = h('div', { class: 'bands' });
    u.over.appendChild(bands);
    rec = { u, key, channels, bands, isScore };
    u.setData(plotData(rec), false);
    syncing = true;
    u.setScale('x', { min: view[0], max: view[1] });
    syncing = false;

    u.over.addEventListener('mousedown', (e) => { downX = e.clientX; shiftAtDown = e.shiftKey; }, true);
    u.over.addEventListener('click', (e) => {
      if (Math.abs(e.clientX - downX) > 3) return;
      const t = u.posToVal(e.clientX - u.over.getBoundingClientRect().left, 'x');
      const hits = labels.filter((l) => l.start <= t && t <= l.end).sort((a, b) => (a.end - a.start) - (b.end - b.start));
      select(hits.length ? hits[0].id : null);
    });
    u.over.addEventListener('dblclick', () => zoomOut());
    u.over.addEventListener('wheel', (e) => {
      e.preventDefault();
      const rect = u.over.getBoundingClientRect();
      const span = view[1] - view[0];
      if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
        const d = (e.shiftKey ? e.deltaY : e.deltaX) || e.deltaY;
        pan(Math.sign(d) * 0.1);
        return;
      }
      const t = u.posToVal(e.clientX - rect.left, 'x');
      const f = e.deltaY < 0 ? 0.8 : 1.25;
      setView(t - (t - view[0]) * f, t + (view[1] - t) * f);
      void span;
    }, { passive: false });
    return rec;
  }

  function drawBands(p: PlotRec | null, u: uPlot) {
    if (!p) return;
    const w = u.over.clientWidth;
    const frag = document.createDocumentFragment();
    const pos = (t: number) => u.valToPos(t, 'x');
    for (const a of alarms) {
      if (a.end < view[0] || a.start > view[1]) continue;
      const l = Math.max(0, pos(a.start)), r = Math.min(w, pos(a.end));
      frag.appendChild(h('div', { class: 'band alarm' + (p.isScore ? ' full' : ''), style: `left:${l}px;width:${Math.max(2, r - l)}px`,
        title: `alarm ${fmtTime(a.start)} – ${fmtTime(a.end)}, peak score ${fmtNum(a.peak_score, 2)}` }));
    }
    if (!p.isScore) {
      const isFirst = plots[0] === p;
      for (const lab of labels) {
        const o = dragOverride && dragOverride.id === lab.id ? dragOverride : lab;
        if (o.end < view[0] || o.start > view[1]) continue;
        const l = pos(o.start), r = pos(o.end);
        const cl = Math.max(0, l), cr = Math.min(w, r);
        const color = categoryColor(lab.category);
        const band = h('div', {
          class: `band label status-${lab.status}` + (lab.id === selectedId ? ' selected' : ''),
          'data-id': lab.id,
          style: `left:${cl}px;width:${Math.max(2, cr - cl)}px;--c:${color}`,
          title: `${lab.category} (${lab.status}) ${fmtTime(o.start)} – ${fmtTime(o.end)}`,
        });
        if (isFirst) band.appendChild(h('span', { class: 'band-tag' }, lab.category));
        if (editable && lab.status !== 'superseded') {
          if (l >= -1 && l <= w + 1) band.appendChild(edge(lab, 'start', u));
          if (r >= -1 && r <= w + 1) band.appendChild(edge(lab, 'end', u));
        }
        frag.appendChild(band);
      }
    }
    p.bands.replaceChildren(frag);
  }
  const redrawBands = () => { for (const p of plots) drawBands(p, p.u); };

  // ---------- label edge dragging ----------
  function edge(lab: Label, which: 'start' | 'end', u: uPlot): HTMLElement {
    const e = h('div', { class: `edge ${which === 'start' ? 'left' : 'right'}`, 'data-edge': which, title: `drag to move the ${which}` });
    e.addEventListener('mousedown', (ev) => {
      ev.stopPropagation();
      ev.preventDefault();
      startEdgeDrag(lab, which, u);
    });
    return e;
  }
  function startEdgeDrag(lab: Label, which: 'start' | 'end', u: uPlot) {
    select(lab.id, false);
    dragOverride = { id: lab.id, start: lab.start, end: lab.end };
    document.body.classList.add('resizing');
    const move = (ev: MouseEvent) => {
      const rect = u.over.getBoundingClientRect();
      const t = Math.round(u.posToVal(Math.max(0, Math.min(rect.width, ev.clientX - rect.left)), 'x') / DATA_STEP) * DATA_STEP;
      if (!dragOverride) return;
      if (which === 'start') dragOverride.start = Math.min(t, dragOverride.end - DATA_STEP);
      else dragOverride.end = Math.max(t, dragOverride.start + DATA_STEP);
      redrawBands();
    };
    const up = async () => {
      document.removeEventListener('mousemove', move);
      document.removeEventListener('mouseup', up);
      document.body.classList.remove('resizing');
      const o = dragOverride;
      dragOverride = null;
      if (!o || (o.start === lab.start && o.end === lab.end)) { redrawBands(); return; }
      const body = which === 'start' ? { start: o.start } : { end: o.end };
      await edit(`move the ${which} of label ${lab.id}`, async () => {
        const after = await api.patchLabel(lab.id, { version: lab.version, ...body });
        pushUndo({ kind: 'patch', id: lab.id, before: which === 'start' ? { start: lab.start } : { end: lab.end }, what: `move ${which}` });
        replaceLabel(after);
        toast(`Label ${lab.id}: ${which} moved to ${fmtTime(which === 'start' ? after.start : after.end)}`);
      });
    };
    document.addEventListener('mousemove', move);
    document.addEventListener('mouseup', up);
  }

  // ---------- editing ----------
  async function edit(what: string, f: () => Promise<void>) {
    if (busy) return;
    busy = true;
    try {
      await f();
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        toast(`Conflict: someone else changed this label (${what}). The labels were reloaded; please check and try again.`, 'error');
        await loadLabels();
      } else if (e instanceof ApiError && e.status === 403) {
        toast(`Not allowed: ${e.message}`, 'error');
      } else {
        toast(`Could not ${what}: ${(e as Error).message}`, 'error');
        await loadLabels();
      }
    } finally {
      busy = false;
      redrawBands();
      drawSide();
      loadHistory();
    }
  }
  function replaceLabel(l: Label) {
    const i = labels.findIndex((x) => x.id === l.id);
    if (l.status === 'superseded') { if (i >= 0) labels.splice(i, 1); }
    else if (i >= 0) labels[i] = l; else labels.push(l);
    labels.sort((a, b) => a.start - b.start);
  }
  function pushUndo(u: Undo) {
    undoStack.push(u);
    if (undoStack.length > 50) undoStack.shift();
    if (undoBtn) { undoBtn.disabled = false; undoBtn.title = `Undo: ${u.what} (u)`; }
  }
  const selected = () => labels.find((l) => l.id === selectedId) ?? null;

  async function confirmSel(kind: 'confirm' | 'reject') {
    const l = selected();
    if (!l || !editable) return;
    if (l.status === (kind === 'confirm' ? 'confirmed' : 'rejected')) return;
    await edit(`${kind} label ${l.id}`, async () => {
      const after = kind === 'confirm' ? await api.confirm(l.id, l.version) : await api.reject(l.id, l.version);
      pushUndo({ kind: 'status', id: l.id, before: l.status, what: kind });
      replaceLabel(after);
      toast(`Label ${l.id} ${after.status}`);
    });
  }
  async function splitSel() {
    const l = selected();
    if (!l || !editable) return;
    const at = cursorT;
    if (at === null || at <= l.start || at >= l.end) { toast('Put the mouse cursor inside the selected label, then press s to split there.', 'error'); return; }
    const t = Math.round(at / DATA_STEP) * DATA_STEP;
    await edit(`split label ${l.id}`, async () => {
      const r = await api.split(l.id, l.version, t);
      const [a, b] = r.labels;
      const old = labels.findIndex((x) => x.id === l.id);
      if (old >= 0 && a.id !== l.id && b.id !== l.id) labels.splice(old, 1);
      replaceLabel(a); replaceLabel(b);
      pushUndo({ kind: 'split', first: a.id, second: b.id, start: l.start, end: l.end, what: 'split' });
      selectedId = a.id;
      toast(`Split at ${fmtTime(t)}`);
    });
  }
  async function deleteSel() {
    const l = selected();
    if (!l || !isAdmin()) return;
    if (!window.confirm(`Delete label ${l.id} (${l.category})?`)) return;
    await edit(`delete label ${l.id}`, async () => {
      await api.deleteLabel(l.id, l.version);
      labels = labels.filter((x) => x.id !== l.id);
      pushUndo({ kind: 'delete', label: l, what: 'delete' });
      selectedId = null;
      toast(`Label ${l.id} deleted`);
    });
  }
  async function saveFields(l: Label, f: { category: string; confidence: number | null; notes: string }) {
    const body: { version: number; category?: string; confidence?: number; notes?: string } = { version: l.version };
    const before: Partial<Label> = {};
    if (f.category !== l.category) { body.category = f.category; before.category = l.category; }
    if (f.confidence !== null && f.confidence !== l.confidence) { body.confidence = f.confidence; before.confidence = l.confidence; }
    if (f.notes !== (l.notes ?? '')) { body.notes = f.notes; before.notes = l.notes ?? ''; }
    if (Object.keys(body).length === 1) return;
    await edit(`edit label ${l.id}`, async () => {
      const after = await api.patchLabel(l.id, body);
      pushUndo({ kind: 'patch', id: l.id, before, what: 'edit fields' });
      replaceLabel(after);
      toast(`Label ${l.id} saved`);
    });
  }

  async function undo() {
    const op = undoStack.pop();
    if (undoBtn) { undoBtn.disabled = undoStack.length === 0; undoBtn.title = undoStack.length ? `Undo: ${undoStack[undoStack.length - 1].what} (u)` : 'Nothing to undo'; }
    if (!op) { toast('Nothing to undo'); return; }
    const fresh = async (id: number) => {
      await loadLabels();
      const l = labels.find((x) => x.id === id);
      if (!l) throw new Error(`label ${id} is gone`);
      return l;
    };
    let restored: string | null = null;
    await edit(`undo ${op.what}`, async () => {
      switch (op.kind) {
        case 'create': {
          const l = await fresh(op.id);
          if (isAdmin()) { await api.deleteLabel(l.id, l.version); labels = labels.filter((x) => x.id !== l.id); }
          else replaceLabel(await api.reject(l.id, l.version));
          if (selectedId === op.id) selectedId = null;
          break;
        }
        case 'patch': {
          const l = await fresh(op.id);
          const body: any = { version: l.version, ...op.before };
          if (body.confidence === null) delete body.confidence;
          replaceLabel(await api.patchLabel(l.id, body));
          break;
        }
        case 'status': {
          const l = await fresh(op.id);
          if (op.before === 'confirmed') replaceLabel(await api.confirm(l.id, l.version));
          else if (op.before === 'rejected') replaceLabel(await api.reject(l.id, l.version));
          else {
            // Back to "proposed" needs PATCH {status} (see the note at the end of the API contract);
            // a server without it refuses or ignores the field.
            let back: Label | null = null;
            try { back = await api.patchLabel(l.id, { version: l.version, status: 'proposed' }); } catch (e) {
              if (!(e instanceof ApiError) || e.status !== 400) throw e;
            }
            if (!back || back.status !== 'proposed') {
              if (back) replaceLabel(back);
              throw new Error('the server cannot return a label to "proposed"; confirm or reject it instead');
            }
            replaceLabel(back);
          }
          break;
        }
        case 'split': {
          const a = await fresh(op.first);
          replaceLabel(await api.patchLabel(a.id, { version: a.version, start: op.start, end: op.end }));
          const b = labels.find((x) => x.id === op.second);
          if (b) {
            if (isAdmin()) { await api.deleteLabel(b.id, b.version); labels = labels.filter((x) => x.id !== b.id); }
            else replaceLabel(await api.reject(b.id, b.version));
          }
          selectedId = a.id;
          break;
        }
        case 'delete': {
          // reviewqueue (issue 16 defect 6): the same label back (id, status, history), not a copy
          const made = await api.restoreLabel(op.label.id);
          replaceLabel(made);
          selectedId = made.id;
          restored = `Undone: delete — label ${made.id} restored as it was (${made.status}, ${made.source}, history kept)`;
          break;
        }
      }
      toast(restored ?? `Undone: ${op.what}`);
    });
  }

  function openCreateForm(a: number, b: number) {
    const start = Math.round(Math.min(a, b) / DATA_STEP) * DATA_STEP;
    const end = Math.max(start + DATA_STEP, Math.round(Math.max(a, b) / DATA_STEP) * DATA_STEP);
    document.getElementById('label-form-overlay')?.remove();
    const cat = h('select', { id: 'lf-category', required: true },
      categories.map((c, i) => h('option', { value: c.name, selected: i === 0, title: c.description }, c.name)));
    const conf = h('input', { id: 'lf-confidence', type: 'number', min: 0, max: 1, step: 0.05, value: '0.8' });
    const notes = h('textarea', { id: 'lf-notes', rows: 3, placeholder: 'What did you see?' });
    const save = h('button', { type: 'submit', id: 'lf-save', class: 'primary' }, 'Create label');
    const close = () => ov.remove();
    const form = h('form', { class: 'dialog', id: 'label-form' },
      h('h2', {}, 'New label'),
      h('p', { class: 'muted' }, `${unitId}: ${fmtTime(start)} – ${fmtTime(end)} (${fmtDuration(end - start)})`),
      h('label', {}, 'Category', cat),
      h('label', {}, 'Confidence (0–1)', conf),
      h('label', {}, 'Notes', notes),
      h('div', { class: 'buttons' }, save, h('button', { type: 'button', id: 'lf-cancel', onclick: close }, 'Cancel')));
    const ov = h('div', { class: 'overlay', id: 'label-form-overlay' }, form);
    form.addEventListener('keydown', (e) => { if (e.key === 'Escape') { e.stopPropagation(); close(); } });
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const c = Number(conf.value);
      if (!(c >= 0 && c <= 1)) { toast('Confidence must be between 0 and 1', 'error'); return; }
      save.disabled = true;
      await edit('create the label', async () => {
        const made = await api.createLabel({ unit_id: unitId, start, end, category: cat.value, confidence: c, notes: notes.value });
        replaceLabel(made);
        selectedId = made.id;
        pushUndo({ kind: 'create', id: made.id, what: 'create label' });
        toast(`Label ${made.id} created`);
        close();
        loadHistory();
      });
      save.disabled = false;
    });
    document.body.appendChild(ov);
    cat.focus();
  }

  // ---------- selection, side panel, history ----------
  let historyFor: number | null = null;
  let historyEl: HTMLElement = h('div', { class: 'history' });
  function select(id: number | null, reveal = false) {
    selectedId = id;
    redrawBands();
    drawSide();
    loadHistory();
    if (reveal && id !== null) {
      const l = selected();
      if (l && (l.start < view[0] || l.end > view[1])) {
        const pad = Math.max((l.end - l.start) * 0.5, 2 * 3600_000);
        setView(l.start - pad, l.end + pad);
      }
    }
  }
  async function loadHistory() {
    const id = selectedId;
    if (id === null) return;
    historyFor = id;
    try {
      const r = await api.history(id);
      if (!alive || historyFor !== id) return;
      const rows = [...r.history].reverse().map((e) =>
        h('li', {},
          h('div', {}, h('b', {}, e.action), ` by ${e.who || '—'}`, h('span', { class: 'muted' }, ` · ${fmtTime(e.at)} · v${e.version} · rev ${e.revision}`)),
          describeChange(e.before, e.after),
          e.why ? h('div', { class: 'why' }, e.why) : null));
      clear(historyEl, rows.length ? h('ol', {}, rows) : h('p', { class: 'muted' }, 'No history.'));
    } catch (e) {
      clear(historyEl, h('p', { class: 'error' }, 'History unavailable: ' + (e as Error).message));
    }
  }
  function describeChange(b: Label | null, a: Label): HTMLElement {
    if (!b) return h('div', { class: 'change' }, `${a.category}, ${fmtTime(a.start)} – ${fmtTime(a.end)}, ${a.status}`);
    const parts: string[] = [];
    const f = (k: keyof Label, fmt: (v: any) => string = String) => { if (b[k] !== a[k]) parts.push(`${k}: ${fmt(b[k])} → ${fmt(a[k])}`); };
    f('start', fmtTime); f('end', fmtTime); f('category'); f('status'); f('confidence'); f('notes');
    return h('div', { class: 'change' }, parts.length ? parts.join('; ') : 'no field changed');
  }

  function drawSide() {
    const l = selected();
    if (!l) {
      clear(side,
        h('h3', {}, `Labels (${labels.length})`),
        labels.length ? h('ul', { class: 'label-list' }, labels.map((x) => h('li', { 'data-id': x.id, onclick: () => select(x.id, true) },
          h('span', { class: `dot status-${x.status}`, style: `--c:${categoryColor(x.category)}` }),
          h('span', {}, x.category), h('small', { class: 'muted' }, ` ${fmtTime(x.start)} · ${x.status}`))))
          : h('p', { class: 'muted' }, 'No labels on this unit yet.'),
        editable ? h('p', { class: 'hint' }, 'Draw a label: switch to "Draw label" (l) or Shift+drag on a plot. Click a band to select it; drag its edges to change its range.') : h('p', { class: 'hint' }, 'You have read-only access.'));
      return;
    }
    const color = categoryColor(l.category);
    const children: (HTMLElement | null)[] = [
      h('div', { class: 'side-head' }, h('h3', {}, `Label ${l.id}`), h('button', { class: 'link', onclick: () => select(null) }, 'close')),
      h('div', { class: 'label-card', style: `--c:${color}` },
        h('div', {}, h('span', { class: `pill ${l.status}`, id: 'sel-status' }, l.status), ' ', h('b', {}, l.category)),
        h('dl', {},
          h('dt', {}, 'range'), h('dd', { id: 'sel-range' }, `${fmtTime(l.start)} – ${fmtTime(l.end)}`),
          h('dt', {}, 'duration'), h('dd', {}, fmtDuration(l.end - l.start)),
          h('dt', {}, 'confidence'), h('dd', {}, fmtNum(l.confidence, 2)),
          h('dt', {}, 'source'), h('dd', {}, l.source || '–'),
          h('dt', {}, 'reviewer'), h('dd', {}, l.reviewer || '–'),
          h('dt', {}, 'version'), h('dd', {}, `v${l.version} (rev ${l.revision})`),
          l.notes ? h('dt', {}, 'notes') : null, l.notes ? h('dd', {}, l.notes) : null)),
    ];
    if (editable) {
      const cat = h('select', { id: 'edit-category' }, categories.map((c) => h('option', { value: c.name, selected: c.name === l.category }, c.name)));
      if (!categories.some((c) => c.name === l.category)) cat.prepend(h('option', { value: l.category, selected: true }, l.category));
      const conf = h('input', { id: 'edit-confidence', type: 'number', min: 0, max: 1, step: 0.05, value: l.confidence == null ? '' : String(l.confidence) });
      const notes = h('textarea', { id: 'edit-notes', rows: 2 }, l.notes ?? '');
      children.push(
        h('div', { class: 'actions' },
          h('button', { id: 'btn-confirm', class: 'ok', title: 'c', disabled: l.status === 'confirmed', onclick: () => confirmSel('confirm') }, 'Confirm'),
          h('button', { id: 'btn-reject', class: 'bad', title: 'r', disabled: l.status === 'rejected', onclick: () => confirmSel('reject') }, 'Reject'),
          h('button', { id: 'btn-split', title: 's: split at the mouse cursor', onclick: () => splitSel() }, 'Split at cursor'),
          isAdmin() ? h('button', { id: 'btn-delete', class: 'bad', title: 'Delete', onclick: () => deleteSel() }, 'Delete') : null),
        h('details', { class: 'edit-fields' }, h('summary', {}, 'Edit category, confidence, notes'),
          h('label', {}, 'Category', cat), h('label', {}, 'Confidence', conf), h('label', {}, 'Notes', notes),
          h('button', { id: 'btn-save-fields', onclick: () => saveFields(l, { category: cat.value, confidence: conf.value === '' ? null : Number(conf.value), notes: notes.value }) }, 'Save')));
    }
    if (historyFor !== l.id) historyEl = h('div', { class: 'history' }, h('p', { class: 'muted' }, 'loading…'));
    children.push(h('h3', {}, 'History'), historyEl);
    clear(side, children);
  }

  // ---------- view ----------
  function setView(a: number, b: number) {
    let min = Math.min(a, b), max = Math.max(a, b);
    if (max - min < MIN_SPAN) { const c = (min + max) / 2; min = c - MIN_SPAN / 2; max = c + MIN_SPAN / 2; }
    const span = max - min;
    const fullSpan = full[1] - full[0];
    if (span >= fullSpan) { min = full[0]; max = full[1]; }
    else {
      if (min < full[0]) { min = full[0]; max = min + span; }
      if (max > full[1]) { max = full[1]; min = max - span; }
    }
    view = [min, max];
    syncing = true;
    try { for (const p of plots) p.u.setScale('x', { min, max }); } finally { syncing = false; }
    updateRangeText();
    window.clearTimeout(refineTimer);
    refineTimer = window.setTimeout(refine, 180);
  }
  async function refine() {
    const [a, b] = view;
    if (!(await fetchData(a, b)) || !alive) return;
    syncing = true;
    try {
      for (const p of plots) {
        p.u.batch(() => {
          p.u.setData(plotData(p), false);
          p.u.setScale('x', { min: view[0], max: view[1] });
        });
      }
    } finally { syncing = false; }
    updateRangeText();
  }
  const zoomOut = () => setView(full[0], full[1]);
  const pan = (frac: number) => { const s = view[1] - view[0]; setView(view[0] + s * frac, view[1] + s * frac); };
  function updateRangeText() {
    plotArea.dataset.viewMin = String(view[0]);
    plotArea.dataset.viewMax = String(view[1]);
    const b = data ? ` · ${fmtDuration(data.bucket_ms)} per point` : '';
    rangeText.textContent = `${fmtTime(view[0])} – ${fmtTime(view[1])} UTC (${fmtDuration(view[1] - view[0])}${b})`;
  }

  async function gotoUnit(dir: number) {
    const order = await loadFleetOrder();
    const i = order.indexOf(unitId);
    if (order.length === 0) return;
    const next = order[(i + dir + order.length) % order.length];
    if (next && next !== unitId) location.hash = '#/units/' + encodeURIComponent(next);
  }

  // ---------- keyboard ----------
  function onKey(e: KeyboardEvent) {
    if (isTyping(e) || e.ctrlKey || e.metaKey || e.altKey) return;
    if (document.querySelector('.overlay')) return;   // a form or the help is open
    const sorted = [...labels].sort((a, b) => a.start - b.start);
    const idx = sorted.findIndex((l) => l.id === selectedId);
    switch (e.key) {
      case 'n': if (sorted.length) select(sorted[(idx + 1) % sorted.length].id, true); break;
      case 'p': if (sorted.length) select(sorted[(idx - 1 + sorted.length) % sorted.length].id, true); break;
      case 'j': gotoUnit(1); break;
      case 'k': gotoUnit(-1); break;
      case 'c': confirmSel('confirm'); break;
      case 'r': confirmSel('reject'); break;
      case 's': splitSel(); break;
      case 'u': if (editable) undo(); break;
      case 'l': if (editable) setMode(drawMode === 'label' ? 'zoom' : 'label'); break;
      case 'z': zoomOut(); break;
      case 'Escape':
        if (drawMode === 'label') setMode('zoom');
        else if (selectedId !== null) select(null);
        else zoomOut();
        break;
      case 'Delete': deleteSel(); break;
      case 'ArrowLeft': pan(-0.25); break;
      case 'ArrowRight': pan(0.25); break;
      default: return;
    }
    e.preventDefault();
  }
  document.addEventListener('keydown', onKey);
  let resizeTimer = 0;
  const onResize = () => { window.clearTimeout(resizeTimer); resizeTimer = window.setTimeout(() => buildPlots(true), 200); };
  window.addEventListener('resize', onResize);

  // ---------- loading ----------
  async function loadLabels() {
    try {
      labels = (await api.labels(unitId)).labels.filter((l) => l.status !== 'superseded').sort((a, b) => a.start - b.start);
    } catch (e) {
      toast('Could not load labels: ' + (e as Error).message, 'error');
    }
    if (!alive) return;
    if (selectedId !== null && !labels.some((l) => l.id === selectedId)) selectedId = null;
    redrawBands();
    drawSide();
  }
  async function loadRun() {
    alarms = [];
    scores = null;
    if (!runId) return;
    try { alarms = (await api.alarms(runId, unitId)).alarms; } catch (e) { toast('Could not load the run\'s alarms: ' + (e as Error).message, 'error'); }
  }

  (async () => {
    try {
      const [u, cats, rs] = await Promise.all([
        api.unit(unitId),
        api.categories().catch(() => ({ categories: [] as Category[] })),
        api.runs().catch(() => ({ label_revision: 0, runs: [] as Run[] })),
      ]);
      if (!alive) return;
      info = u;
      if (u.channels.some((c) => c.name === 't_tank_mid') && !document.getElementById('household-link')) meta.after(h('a', { href: `#/units/${encodeURIComponent(unitId)}/household`, id: 'household-link' }, 'Household view'));
      categories = cats.categories;
      runs = rs.runs;
      meta.textContent = `${u.type} · ${fmtTime(u.start)} – ${fmtTime(u.end)}`;
      if (!runs.some((r) => r.run_id === runId)) runId = '';
      for (const r of runs) runSelect.appendChild(h('option', { value: r.run_id, selected: r.run_id === runId }, `${r.name || r.detector} · ${r.run_id.slice(0, 8)}`));
      full = [u.start, u.end];
      const qa = Number(route.query.get('from')), qb = Number(route.query.get('to'));
      view = qa && qb && qb > qa ? [Math.max(u.start, qa), Math.min(u.end, qb)] : [u.start, u.end];
      loadChanCfg(u);
      drawChanPanel();
      await Promise.all([loadLabels(), loadRun()]);
      await buildPlots(true);
      if (selectedId !== null) { drawSide(); loadHistory(); }
      loadFleetOrder();
    } catch (e) {
      clear(plotArea, h('p', { class: 'error' }, e instanceof ApiError && e.status === 404 ? `No unit "${unitId}".` : 'Could not load the unit: ' + (e as Error).message));
    }
  })();

  return () => {
    alive = false;
    document.removeEventListener('keydown', onKey);
    window.removeEventListener('resize', onResize);
    window.clearTimeout(refineTimer);
    window.clearTimeout(resizeTimer);
    document.getElementById('label-form-overlay')?.remove();
    for (const p of plots) p.u.destroy();
    plots = [];
  };
}
