// A heat map of a grid of values (e.g. rows = days, columns = hours of the day): each cell a
// box coloured white -> dark red over [min, max], its number and tooltip given by the caller,
// grey when it has no value. Row and column headers are text. The colour scale is pure and
// covered by the front-end unit tests.
import { h } from '../dom';

export interface HeatCell {
  value: number | null;               // null: no data (grey)
  text?: string;                      // shown in the cell
  title?: string;                     // tooltip
  className?: string;                 // extra classes (e.g. hatching for little evidence)
  attrs?: Record<string, string | number>;
}
export interface HeatMapSpec {
  rows: string[];
  cols: string[];
  cell: (row: number, col: number) => HeatCell;
  min?: number;                       // default 0
  max?: number;                       // default the largest value
  id?: string;
  className?: string;                 // the grid's class (default 'heatmap')
  cellClass?: string;                 // each cell's base class (default 'heat-cell')
  rowClass?: string;
  colClass?: string;
}

// Position of v in [min, max] as 0..1 (0 when the range is empty).
export function heatFraction(v: number, min: number, max: number): number {
  return max > min ? Math.min(1, Math.max(0, (v - min) / (max - min))) : 0;
}
// White (0) to dark red (1).
export function heatColor(f: number): string {
  const mix = (a: number, b: number) => Math.round(a + (b - a) * f);
  return `rgb(${mix(255, 165)}, ${mix(255, 15)}, ${mix(255, 21)})`;
}
// Cells darker than this get white text (contrast).
export const DARK_FROM = 0.6;

export function heatMap(spec: HeatMapSpec): HTMLElement {
  const cells = spec.rows.map((_, r) => spec.cols.map((_c, c) => spec.cell(r, c)));
  const values = cells.flat().map((c) => c.value).filter((v): v is number => v !== null);
  const min = spec.min ?? 0;
  const max = spec.max ?? Math.max(min, ...values);
  const cellClass = spec.cellClass ?? 'heat-cell';
  const grid = h('div', { class: spec.className ?? 'heatmap', id: spec.id ?? null, role: 'grid' },
    h('span', { class: 'heat-corner' }),
    spec.cols.map((c) => h('span', { class: spec.colClass ?? 'heat-col' }, c)));
  grid.style.gridTemplateColumns = `44px repeat(${spec.cols.length}, minmax(26px, 1fr))`;
  spec.rows.forEach((row, r) => {
    grid.appendChild(h('span', { class: spec.rowClass ?? 'heat-row' }, row));
    cells[r].forEach((c) => {
      const el = h('span', { class: cellClass + (c.value === null ? ' unobserved' : '') + (c.className ? ' ' + c.className : ''),
        role: 'gridcell', title: c.title ?? null, ...(c.attrs ?? {}) }, c.text ?? '');
      if (c.value !== null) {
        const f = heatFraction(c.value, min, max);
        el.style.backgroundColor = heatColor(f);
        if (f > DARK_FROM) el.classList.add('dark');
      }
      grid.appendChild(el);
    });
  });
  return grid;
}
