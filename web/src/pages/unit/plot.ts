// The unit view's plots: the series and a run's score fetched for the visible window (min/max
// per pixel), one plot per channel group (plot/grouping.ts) on the shared series-plot module,
// the run's top contribution channels in a plot under its score, labels and alarms as bands
// over the plots, and dragging a label's edges.
import { api, Label } from '../../api';
import { h, toast, fmtTime, fmtNum } from '../../dom';
import { categoryColor, channelColor, textOn, ALARM_RED } from '../../colors';
import { contributionColor, topChannelText } from '../../contributions';
import { envelope, Aligned } from '../../plot/envelope';
import { plotGroups } from '../../plot/grouping';
import type { PlotHandle, PlotSpec } from '../../plot/series_plot';
import { visibleTags } from '../../plot/tags';
import { DATA_STEP, Scores, UnitState } from './state';

let fetchSeq = 0;

export async function fetchWindow(s: UnitState, start: number, end: number, loading: HTMLElement): Promise<boolean> {
  const visible = s.chans.filter((c) => c.visible).map((c) => c.name);
  const my = ++fetchSeq;
  loading.classList.remove('hidden');
  try {
    const px = Math.max(100, Math.floor((s.plotArea.clientWidth || 900) - 70));
    const width = Math.max(2, Math.min(px, Math.floor((end - start) / DATA_STEP)));
    const contrib = s.runId && s.contrib.show ? s.contrib.channels : [];
    const [d, sc, cs] = await Promise.all([
      visible.length ? api.series(s.unitId, visible, start, end, width) : Promise.resolve(null),
      s.runId ? api.scores(s.runId, s.unitId, start, end, width).catch(() => null) : Promise.resolve(null),
      Promise.all(contrib.map((c) => api.scores(s.runId, s.unitId, start, end, width, c).catch(() => null))),
    ]);
    if (!s.alive || my !== fetchSeq) return false;
    s.data = d;
    s.scores = sc;
    s.contrib.series = {};
    contrib.forEach((c, i) => { if (cs[i]) s.contrib.series[c] = cs[i]!; });
    return true;
  } catch (e) {
    if (s.alive && my === fetchSeq) toast('Could not load the series: ' + (e as Error).message, 'error');
    return false;
  } finally {
    if (my === fetchSeq) loading.classList.add('hidden');
  }
}

export function plotData(s: UnitState, p: { key: string; series: { name: string }[] }): Aligned {
  if (p.key === 'score') {
    const withThr = p.series.some((x) => x.name === 'threshold');
    if (!s.scores || s.scores.t.length === 0) return withThr ? [[], [], []] : [[], []];
    const b = s.scores.t.length > 1 ? s.scores.t[1] - s.scores.t[0] : DATA_STEP;
    const d = envelope(s.scores.t, b, [s.scores]);
    // the threshold as a flat series: drawn dashed, and always inside the plot's y range
    return withThr ? [...d, d[0].map(() => s.threshold)] as Aligned : d;
  }
  if (p.key === 'contrib') {
    const cols = p.series.map((c) => s.contrib.series[c.name]);
    const first = cols.find((c): c is Scores => !!c);
    if (!first || first.t.length === 0) return [[], ...p.series.map(() => [])];
    const b = first.t.length > 1 ? first.t[1] - first.t[0] : DATA_STEP;
    const none = { min: first.t.map(() => null), max: first.t.map(() => null) };
    return envelope(first.t, b, cols.map((c) => (c && c.t.length === first.t.length ? c : none)));
  }
  if (!s.data) return [[], ...p.series.map(() => [])];
  const empty = { min: [] as (number | null)[], max: [] as (number | null)[] };
  return envelope(s.data.t, s.data.bucket_ms, p.series.map((c) => s.data!.series[c.name] ?? empty));
}

export function plotSpecs(s: UnitState): PlotSpec[] {
  const gs = plotGroups(s.chans);
  const contrib = s.runId && s.contrib.show ? s.contrib.channels : [];
  const n = gs.length + (s.runId ? 1 : 0) + (contrib.length ? 1 : 0);
  const height = Math.max(70, Math.min(170, Math.floor((window.innerHeight - 260) / Math.max(1, n)) - 30));
  const specs: PlotSpec[] = gs.map((g) => {
    const series = g.channels.map((c) => ({ name: c, color: channelColor(c), right: g.right.includes(c) }));
    const left = g.channels.filter((c) => !g.right.includes(c));
    return { key: g.key, series, yLabel: g.unit || left.join(', '), yLabel2: g.unit2 === null ? undefined : g.unit2 || g.right.join(', '),
      height, data: plotData(s, { key: g.key, series }) };
  });
  if (s.runId) {
    const series: { name: string; label: string; color: string; dash?: number[] }[] = [{ name: 'score', label: `score (${s.runId.slice(0, 8)})`, color: ALARM_RED }];
    if (s.threshold !== null) series.push({ name: 'threshold', label: 'threshold', color: '#7f1d1d', dash: [6, 4] });
    specs.push({ key: 'score', series, yLabel: 'score', height: Math.max(70, Math.floor(height * 0.8)), className: 'score-plot',
      data: plotData(s, { key: 'score', series }) });
  }
  if (contrib.length) {
    // the detector's score channels (e.g. standardised residuals) in their input channel's colour
    const series = contrib.map((c) => ({ name: c, label: c, color: contributionColor(c), width: 1 }));
    specs.push({ key: 'contrib', id: 'contrib-plot', series, yLabel: 'contribution', height: Math.max(70, Math.floor(height * 0.8)), className: 'contrib-plot',
      data: plotData(s, { key: 'contrib', series }) });
  }
  return specs;
}

export function drawBands(s: UnitState, p: PlotHandle) {
  const u = p.u;
  const view = s.plots?.view ?? [0, 1];
  const w = u.over.clientWidth;
  const isScore = p.spec.key === 'score';
  const isRun = isScore || p.spec.key === 'contrib';   // the run's plots: alarms full height, no labels
  const frag = document.createDocumentFragment();
  const pos = (t: number) => u.valToPos(t, 'x');
  for (const a of s.alarms) {
    if (a.end < view[0] || a.start > view[1]) continue;
    const l = Math.max(0, pos(a.start)), r = Math.min(w, pos(a.end));
    const top = topChannelText(a);
    frag.appendChild(h('div', { class: 'band alarm' + (isRun ? ' full' : ''), style: `left:${l}px;width:${Math.max(2, r - l)}px`,
      title: `alarm ${fmtTime(a.start)} – ${fmtTime(a.end)}, peak score ${fmtNum(a.peak_score, 2)}` + (top ? `, ${top}` : '') }));
  }
  const it = s.reviewItem;
  if (it && !(it.end < view[0] || it.start > view[1])) {
    const l = Math.max(0, pos(it.start)), r = Math.min(w, pos(it.end));
    frag.appendChild(h('div', { class: 'band review-cursor', 'data-key': it.key, style: `left:${l}px;width:${Math.max(3, r - l)}px`,
      title: `review item: ${it.kind} ${fmtTime(it.start)} – ${fmtTime(it.end)}` }));
  }
  if (isScore && s.threshold !== null) {
    const y = u.valToPos(s.threshold, 'y');
    if (Number.isFinite(y) && y >= 0 && y <= u.over.clientHeight)
      frag.appendChild(h('div', { class: 'threshold-line' + (y < 16 ? ' label-below' : ''), style: `top:${y}px`, 'data-threshold': String(s.threshold) },
        h('span', {}, `threshold ${fmtNum(s.threshold, 3)}`)));
  }
  if (!isRun) {
    const isFirst = s.plots?.plots[0] === p;
    const shown = s.labels.map((lab) => ({ lab, o: s.dragOverride && s.dragOverride.id === lab.id ? s.dragOverride : lab }))
      .filter(({ o }) => !(o.end < view[0] || o.start > view[1]));
    const tags = isFirst ? visibleTags(shown.map(({ lab, o }) => ({ id: lab.id, left: pos(o.start), width: pos(o.end) - pos(o.start), text: lab.category })), w) : new Set<number>();
    for (const { lab, o } of shown) {
      const l = pos(o.start), r = pos(o.end);
      const cl = Math.max(0, l), cr = Math.min(w, r);
      const color = categoryColor(lab.category);
      const band = h('div', {
        class: `band label status-${lab.status}` + (lab.id === s.selectedId ? ' selected' : ''),
        'data-id': lab.id,
        style: `left:${cl}px;width:${Math.max(2, cr - cl)}px;--c:${color}`,
        title: `${lab.category} (${lab.status}) ${s.fmt(o.start)} – ${s.fmt(o.end)}` + (s.tz === 'UTC' ? ' UTC' : ` (${fmtTime(o.start)} – ${fmtTime(o.end)} UTC)`),
      });
      if (tags.has(lab.id)) {
        const bg = lab.status === 'rejected' ? '#d1d5db' : color;
        band.appendChild(h('span', { class: 'band-tag', style: `background:${bg};color:${textOn(bg)}` }, lab.category));
      }
      if (s.editable && lab.status !== 'superseded') {
        if (l >= -1 && l <= w + 1) band.appendChild(edge(s, lab, 'start', p));
        if (r >= -1 && r <= w + 1) band.appendChild(edge(s, lab, 'end', p));
      }
      frag.appendChild(band);
    }
  }
  p.overlay.replaceChildren(frag);
}

// ---------- label edge dragging ----------
function edge(s: UnitState, lab: Label, which: 'start' | 'end', p: PlotHandle): HTMLElement {
  const e = h('div', { class: `edge ${which === 'start' ? 'left' : 'right'}`, 'data-edge': which, title: `drag to move the ${which}` });
  e.addEventListener('mousedown', (ev) => {
    ev.stopPropagation();
    ev.preventDefault();
    startEdgeDrag(s, lab, which, p);
  });
  return e;
}

function startEdgeDrag(s: UnitState, lab: Label, which: 'start' | 'end', p: PlotHandle) {
  s.select(lab.id, false);
  s.dragOverride = { id: lab.id, start: lab.start, end: lab.end };
  document.body.classList.add('resizing');
  const move = (ev: MouseEvent) => {
    const rect = p.u.over.getBoundingClientRect();
    const t = Math.round(p.u.posToVal(Math.max(0, Math.min(rect.width, ev.clientX - rect.left)), 'x') / DATA_STEP) * DATA_STEP;
    const d = s.dragOverride;
    if (!d) return;
    if (which === 'start') d.start = Math.min(t, d.end - DATA_STEP);
    else d.end = Math.max(t, d.start + DATA_STEP);
    s.redrawBands();
  };
  const up = () => {
    document.removeEventListener('mousemove', move);
    document.removeEventListener('mouseup', up);
    document.body.classList.remove('resizing');
    const o = s.dragOverride;
    s.dragOverride = null;
    if (!o || (o.start === lab.start && o.end === lab.end)) { s.redrawBands(); return; }
    s.moveEdge(lab, which, o);
  };
  document.addEventListener('mousemove', move);
  document.addEventListener('mouseup', up);
}
