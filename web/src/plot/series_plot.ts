// Stacked, synchronized time-series plots on uPlot: one chart per PlotSpec, a shared cursor
// and x range, a time axis strip that stays on screen (sticky) however many plots there are,
// drag to zoom, Shift+drag (or a caller's select mode) to select a range without zooming, the
// mouse wheel to zoom around the cursor and Shift+wheel to pan, double click to zoom out.
// Used by the unit view and the household view; a caller draws its own overlays (label bands,
// events) in onDraw, on the `overlay` element each plot puts over its drawing area.
import uPlot from 'uplot';
import { h, fmtNum } from '../dom';
import { timeTicksIn, fmtTimeIn } from './time_axis';
import type { Aligned } from './envelope';

export interface SeriesSpec { name: string; label?: string; color: string; width?: number; dash?: number[]; right?: boolean }
export interface PlotSpec {
  key: string;
  series: SeriesSpec[];
  yLabel: string;
  yLabel2?: string;               // the right axis's label (series with right: true)
  height: number;
  data: Aligned;
  className?: string;
  id?: string;                    // the plot holder's id
  parent?: HTMLElement;           // where the plot goes (default: the container)
}
export interface PlotHandle { u: uPlot; spec: PlotSpec; holder: HTMLElement; overlay: HTMLElement }
export interface SeriesPlotsOptions {
  syncKey: string;
  range: [number, number];        // the data's extent: zooming out stops here
  view?: [number, number];
  minSpan?: number;               // no zooming in below this span (ms)
  onView?: (view: [number, number]) => void;
  selectMode?: () => boolean;     // true: a plain drag selects (Shift+drag always selects)
  onSelect?: (a: number, b: number) => void;
  onClick?: (t: number, p: PlotHandle) => void;
  onDraw?: (p: PlotHandle) => void;
  timeAxis?: boolean;             // the sticky time-axis strip under the plots (default true)
  tz?: string;                    // IANA zone of the tick labels and the legend's time (default UTC)
}

const Y_AXIS = 50;

// What a finished drag does: select (the caller's form) or zoom. Pure.
export function dragAction(shiftAtDown: boolean, selectMode: boolean, canSelect: boolean): 'select' | 'zoom' {
  return canSelect && (shiftAtDown || selectMode) ? 'select' : 'zoom';
}

// The view after a request, kept inside the range and at least minSpan wide. Pure.
export function clampView(a: number, b: number, range: [number, number], minSpan: number): [number, number] {
  let min = Math.min(a, b), max = Math.max(a, b);
  if (max - min < minSpan) { const c = (min + max) / 2; min = c - minSpan / 2; max = c + minSpan / 2; }
  const span = max - min;
  if (span >= range[1] - range[0]) return [range[0], range[1]];
  if (min < range[0]) { min = range[0]; max = min + span; }
  if (max > range[1]) { max = range[1]; min = max - span; }
  return [min, max];
}

export class SeriesPlots {
  plots: PlotHandle[] = [];
  view: [number, number];
  cursorT: number | null = null;
  private axis: uPlot | null = null;
  private axisHolder: HTMLElement | null = null;
  private syncing = false;
  private drag: { u: uPlot; shift: boolean; x: number } | null = null;
  private gutter = 0;             // right-axis width every plot reserves (x alignment)
  private onMouseUp = () => { window.setTimeout(() => { this.drag = null; }, 0); };

  constructor(readonly container: HTMLElement, readonly opts: SeriesPlotsOptions) {
    this.view = opts.view ?? opts.range;
  }

  get range(): [number, number] { return this.opts.range; }
  set range(r: [number, number]) { this.opts.range = r; }

  build(specs: PlotSpec[], width = this.container.clientWidth || 900) {
    this.destroyPlots();
    this.gutter = specs.some((s) => s.series.some((x) => x.right)) ? Y_AXIS : 0;
    for (const s of specs) this.plots.push(this.make(s, width));
    if (this.opts.timeAxis !== false && specs.length) this.makeAxis(width);
  }

  setData(data: (p: PlotHandle) => Aligned) {
    this.syncing = true;
    try {
      for (const p of this.plots) {
        p.spec.data = data(p);
        p.u.batch(() => {
          p.u.setData(p.spec.data, false);
          p.u.setScale('x', { min: this.view[0], max: this.view[1] });
        });
      }
    } finally { this.syncing = false; }
  }

  setView(a: number, b: number) {
    const [min, max] = clampView(a, b, this.opts.range, this.opts.minSpan ?? 0);
    this.view = [min, max];
    this.syncing = true;
    try {
      for (const p of this.plots) p.u.setScale('x', { min, max });
      this.axis?.setScale('x', { min, max });
    } finally { this.syncing = false; }
    this.opts.onView?.(this.view);
  }
  zoomOut() { this.setView(this.opts.range[0], this.opts.range[1]); }
  pan(frac: number) { const s = this.view[1] - this.view[0]; this.setView(this.view[0] + s * frac, this.view[1] + s * frac); }
  redraw() { for (const p of this.plots) this.opts.onDraw?.(p); }
  destroy() { this.destroyPlots(); }

  private destroyPlots() {
    for (const p of this.plots) { p.u.destroy(); p.holder.remove(); }
    this.plots = [];
    this.axis?.destroy();
    this.axis = null;
    this.axisHolder?.remove();
    this.axisHolder = null;
  }

  private make(spec: PlotSpec, width: number): PlotHandle {
    const holder = h('div', { class: 'plot' + (spec.className ? ' ' + spec.className : ''), 'data-plot': spec.key, id: spec.id ?? null });
    (spec.parent ?? this.container).appendChild(holder);
    const tz = this.opts.tz ?? 'UTC';
    const series: uPlot.Series[] = [{ value: (_u, v) => (v == null ? '' : fmtTimeIn(v, tz)) }];
    const twoAxes = spec.series.some((s) => s.right);
    for (const s of spec.series)
      series.push({ label: s.label ?? s.name, stroke: s.color, width: s.width ?? 1, dash: s.dash, spanGaps: false, points: { show: false },
        scale: s.right ? 'y2' : 'y',
        value: (_u, v) => (v == null ? '–' : fmtNum(v, 2)) });
    let handle!: PlotHandle;
    const axisOnPlot = this.opts.timeAxis === false;
    const u = new uPlot({
      width, height: spec.height, ms: 1, padding: this.padding(),
      tzDate: (ts) => uPlot.tzDate(new Date(ts), tz === 'UTC' ? 'Etc/UTC' : tz),
      cursor: {
        sync: { key: this.opts.syncKey, setSeries: false },
        drag: { x: true, y: false, setScale: false },
        bind: { dblclick: () => () => null },
        focus: { prox: -1 },
      },
      legend: { show: true, live: true },
      scales: { x: { time: true, min: this.view[0], max: this.view[1] }, ...(twoAxes ? { y2: {} } : {}) },
      axes: [
        { show: true, size: axisOnPlot ? 30 : 6, stroke: '#555', grid: { stroke: '#eee' }, ticks: { stroke: '#ddd', size: axisOnPlot ? 4 : 0 },
          values: axisOnPlot ? timeTicksIn(tz) : (_u, splits) => splits.map(() => '') },
        { size: Y_AXIS, stroke: '#555', grid: { stroke: '#eee' }, ticks: { stroke: '#ddd' },
          label: spec.yLabel, labelSize: 16, labelFont: '12px system-ui' },
        ...this.rightAxis(twoAxes ? spec.yLabel2 ?? '' : null),
      ],
      series,
      hooks: {
        setSelect: [(pu) => this.selected(pu)],
        setScale: [(pu, k) => {
          if (k !== 'x' || this.syncing) return;
          const { min, max } = pu.scales.x;
          if (min != null && max != null && (Math.abs(min - this.view[0]) > 1 || Math.abs(max - this.view[1]) > 1)) this.setView(min, max);
        }],
        setCursor: [(pu) => {
          const l = pu.cursor.left;
          if (l != null && l >= 0) this.cursorT = pu.posToVal(l, 'x');
        }],
        draw: [() => { if (handle) this.opts.onDraw?.(handle); }],
      },
    }, spec.data as uPlot.AlignedData, holder);
    holder.dataset.axisLeft = spec.yLabel;
    if (twoAxes) holder.dataset.axisRight = spec.yLabel2 ?? '';
    const overlay = h('div', { class: 'bands' });
    u.over.appendChild(overlay);
    handle = { u, spec, holder, overlay };
    this.syncing = true;
    u.setScale('x', { min: this.view[0], max: this.view[1] });
    this.syncing = false;

    u.over.addEventListener('mousedown', (e) => {
      this.drag = { u, shift: e.shiftKey, x: e.clientX };
      document.addEventListener('mouseup', this.onMouseUp, { once: true });   // before uPlot's own
    }, true);
    u.over.addEventListener('click', (e) => {
      if (this.opts.onClick && (!this.drag || Math.abs(e.clientX - this.drag.x) <= 3))
        this.opts.onClick(u.posToVal(e.clientX - u.over.getBoundingClientRect().left, 'x'), handle);
    });
    u.over.addEventListener('dblclick', () => this.zoomOut());
    u.over.addEventListener('wheel', (e) => {
      e.preventDefault();
      if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
        const d = (e.shiftKey ? e.deltaY : e.deltaX) || e.deltaY;
        this.pan(Math.sign(d) * 0.1);
        return;
      }
      const t = u.posToVal(e.clientX - u.over.getBoundingClientRect().left, 'x');
      const f = e.deltaY < 0 ? 0.8 : 1.25;
      this.setView(t - (t - this.view[0]) * f, t + (this.view[1] - t) * f);
    }, { passive: false });
    return handle;
  }

  // The width every plot reserves on the right for second y-axes (0 when none has one): a strip
  // drawn under the plots (the unit view's overview) reserves it too, so the times line up.
  get rightGutter(): number { return this.gutter; }

  // The right y-axis of an overlay with a second unit, or an empty gutter of the same width
  // when another plot has one (so the x positions of all plots line up).
  private rightAxis(label: string | null): uPlot.Axis[] {
    if (!this.gutter) return [];
    const common = { side: 1, size: this.gutter, grid: { show: false }, labelSize: 16, labelFont: '12px system-ui' };
    if (label !== null) return [{ ...common, scale: 'y2', stroke: '#555', ticks: { stroke: '#ddd' }, label: label || ' ' }];
    return [{ ...common, stroke: 'transparent', ticks: { show: false }, label: ' ', values: (_u, s) => s.map(() => '') }];
  }
  // The same right padding on every plot when they have right axes (uPlot's automatic padding
  // differs with the axes a plot has).
  private padding(): uPlot.Padding | undefined {
    return this.gutter ? [null, 6, null, null] : undefined;
  }

  // A drag ended. uPlot tells every plot of the sync group; only the plot the drag started on
  // acts, once: Shift (or the caller's select mode) selects, otherwise it zooms, never both.
  private selected(u: uPlot) {
    const sel = u.select;
    if (sel.width < 3) return;
    const origin = this.drag;
    const a = u.posToVal(sel.left, 'x'), b = u.posToVal(sel.left + sel.width, 'x');
    u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
    if (!origin || origin.u !== u) return;
    this.drag = { ...origin, x: Number.NaN };   // the click after the drag is no click
    const act = dragAction(origin.shift, this.opts.selectMode?.() ?? false, !!this.opts.onSelect);
    if (act === 'select') this.opts.onSelect!(a, b);
    else this.setView(a, b);
  }

  // An x axis without series, under the plots and sticky at the bottom of the viewport.
  private makeAxis(width: number) {
    const tz = this.opts.tz ?? 'UTC';
    this.axisHolder = h('div', { class: 'time-axis', id: 'time-axis', 'data-tz': tz });
    this.container.appendChild(this.axisHolder);
    this.axis = new uPlot({
      width, height: 34, ms: 1, padding: this.padding(),
      tzDate: (ts) => uPlot.tzDate(new Date(ts), tz === 'UTC' ? 'Etc/UTC' : tz),
      cursor: { show: false },
      legend: { show: false },
      scales: { x: { time: true, min: this.view[0], max: this.view[1] } },
      axes: [
        { stroke: '#444', grid: { show: false }, ticks: { stroke: '#bbb', size: 4 }, values: timeTicksIn(tz), size: 28 },
        { size: Y_AXIS, show: true, stroke: 'transparent', grid: { show: false }, ticks: { show: false }, values: (_u, s) => s.map(() => ''),
          label: ' ', labelSize: 16 },
        ...this.rightAxis(null),
      ],
      // an invisible flat series: uPlot lays out y-axes only for scales in use, and the strip's
      // axes must take the same room as the plots' so the times line up
      series: [{}, { stroke: 'transparent', points: { show: false } }],
    }, [[this.view[0], this.view[1]], [0, 0]] as uPlot.AlignedData, this.axisHolder);
    this.axis.setScale('x', { min: this.view[0], max: this.view[1] });
  }
}
