// An overview strip (navigator) for long series: one series over the whole range, small, with
// the plots' current window as a brush. Drag across it to choose a window, click to centre
// the window there; the brush follows every zoom and pan of the plots.
import uPlot from 'uplot';
import { h } from '../dom';
import { timeTicksIn } from './time_axis';
import type { Aligned } from './envelope';

export interface NavigatorOptions {
  range: [number, number];
  tz?: string;
  onWindow: (a: number, b: number) => void;   // a new window (the caller clamps it)
}

// Where a click at t puts a window of the given span. Pure.
export function centreWindow(t: number, span: number): [number, number] {
  return [t - span / 2, t + span / 2];
}

export class Navigator {
  readonly el: HTMLElement;
  private u: uPlot | null = null;
  private brush: HTMLElement = h('div', { class: 'nav-brush', id: 'nav-brush' });
  private view: [number, number];
  private downX = 0;

  constructor(readonly opts: NavigatorOptions) {
    this.el = h('div', { class: 'navigator', id: 'navigator', title: 'Overview: drag to choose the window, click to move it here' });
    this.view = opts.range;
  }

  // (Re)draws the strip with one series (name, colour) at the given width, with an empty
  // right gutter of `gutter` px (the plots' second-axis room, so the strip's times line up).
  draw(data: Aligned, name: string, color: string, width: number, gutter = 0) {
    this.u?.destroy();
    this.el.replaceChildren();
    const tz = this.opts.tz ?? 'UTC';
    const u = new uPlot({
      width, height: 64, ms: 1, padding: gutter ? [null, 6, null, null] : undefined,
      tzDate: (ts) => uPlot.tzDate(new Date(ts), tz === 'UTC' ? 'Etc/UTC' : tz),
      cursor: { drag: { x: true, y: false, setScale: false }, points: { show: false }, y: false },
      legend: { show: false },
      scales: { x: { time: true, min: this.opts.range[0], max: this.opts.range[1] } },
      axes: [
        { stroke: '#666', size: 22, grid: { show: false }, ticks: { size: 3, stroke: '#ccc' }, values: timeTicksIn(tz), font: '10px system-ui' },
        { size: 50, stroke: 'transparent', grid: { show: false }, ticks: { show: false }, values: (_u, s) => s.map(() => ''), label: ' ', labelSize: 16 },
        ...(gutter ? [{ side: 1, size: gutter, stroke: 'transparent', grid: { show: false }, ticks: { show: false },
          values: (_u: uPlot, s: number[]) => s.map(() => ''), label: ' ', labelSize: 16 }] : []),
      ],
      series: [{}, { label: name, stroke: color, width: 1, points: { show: false } }],
      hooks: {
        setSelect: [(pu) => {
          const sel = pu.select;
          if (sel.width < 3) return;
          const a = pu.posToVal(sel.left, 'x'), b = pu.posToVal(sel.left + sel.width, 'x');
          pu.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
          this.opts.onWindow(a, b);
        }],
        draw: [() => this.placeBrush()],
      },
    }, data as uPlot.AlignedData, this.el);
    u.over.appendChild(this.brush);
    u.over.addEventListener('mousedown', (e) => { this.downX = e.clientX; });
    u.over.addEventListener('click', (e) => {
      if (Math.abs(e.clientX - this.downX) > 3) return;
      const t = u.posToVal(e.clientX - u.over.getBoundingClientRect().left, 'x');
      const [a, b] = centreWindow(t, this.view[1] - this.view[0]);
      this.opts.onWindow(a, b);
    });
    this.u = u;
    this.placeBrush();
  }

  setWindow(view: [number, number]) {
    this.view = view;
    this.placeBrush();
  }

  private placeBrush() {
    const u = this.u;
    if (!u) return;
    const l = Math.max(0, u.valToPos(this.view[0], 'x')), r = Math.min(u.over.clientWidth, u.valToPos(this.view[1], 'x'));
    this.brush.style.left = `${l}px`;
    this.brush.style.width = `${Math.max(2, r - l)}px`;
    this.el.dataset.windowMin = String(this.view[0]);
    this.el.dataset.windowMax = String(this.view[1]);
  }

  destroy() { this.u?.destroy(); this.u = null; this.el.remove(); }
}
