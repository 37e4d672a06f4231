// The unit view's shared state: one object that the view's modules (plot, channels, labels,
// side panel, run overlay) read and change; index.ts creates it and wires the modules' hooks.
import type { Alarm, Category, Label, ReviewItem, Run, SeriesResponse, UnitInfo } from '../../api';
import type { ChanCfg } from '../../plot/grouping';
import type { SeriesPlots } from '../../plot/series_plot';

export const MIN_SPAN = 10 * 60_000;   // do not zoom in further than 10 minutes
export const DATA_STEP = 60_000;       // the workspace's resampling step: no buckets finer than this

export interface Scores { t: number[]; min: (number | null)[]; max: (number | null)[] }

// The detector's score channels plotted under the score: the current review item's top ones
// (or the unit's), their series for the visible window, and whether they are shown at all.
export interface Contributions { show: boolean; channels: string[]; series: Record<string, Scores> }
export const CONTRIB_TOP = 3;     // contribution channels plotted at once

export interface UnitState {
  unitId: string;
  editable: boolean;
  alive: boolean;
  info: UnitInfo | null;
  chans: ChanCfg[];
  data: SeriesResponse | null;
  scores: Scores | null;
  labels: Label[];
  alarms: Alarm[];
  threshold: number | null;       // the run's alarm threshold for this unit (a line on the score plot)
  contrib: Contributions;         // per-channel contributions of the run's alarms (contributions.ts)
  reviewItem: ReviewItem | null;  // review on the plot: the item at the cursor (highlighted)
  categories: Category[];
  runs: Run[];
  runId: string;
  selectedId: number | null;
  drawMode: 'zoom' | 'label';
  dragOverride: { id: number; start: number; end: number } | null;
  plots: SeriesPlots | null;
  plotArea: HTMLElement;
  zone: string;                   // the unit's time zone ('UTC' without one)
  tz: string;                     // the zone times are shown in: 'UTC' or zone
  fmt: (t: number) => string;     // a time in tz
  // hooks: set by index.ts from the modules, called across them
  rebuild: (refetch: boolean) => Promise<void>;
  redrawBands: () => void;
  drawSide: () => void;
  loadHistory: () => void;
  loadLabels: () => Promise<void>;
  select: (id: number | null, reveal?: boolean) => void;
  setView: (a: number, b: number) => void;
  moveEdge: (lab: Label, which: 'start' | 'end', to: { start: number; end: number }) => void;
}

export const selectedLabel = (s: UnitState) => s.labels.find((l) => l.id === s.selectedId) ?? null;
