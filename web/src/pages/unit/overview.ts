// The unit view's overview strip (plot/navigator.ts): the first shown channel over the unit's
// whole range, fetched once per channel, with the plots' window as the brush.
import { api } from '../../api';
import { channelColor } from '../../colors';
import { envelope, Aligned } from '../../plot/envelope';
import { Navigator } from '../../plot/navigator';
import { plotGroups } from '../../plot/grouping';
import type { UnitState } from './state';

export class Overview {
  readonly nav: Navigator;
  private channel = '';
  private data: Aligned | null = null;

  constructor(private s: UnitState, range: [number, number]) {
    this.nav = new Navigator({ range, tz: s.tz, onWindow: (a, b) => s.setView(a, b) });
  }

  // Fetches the overview when the first shown channel changed; redraws when `force`.
  async update(force = false) {
    const s = this.s;
    const first = plotGroups(s.chans)[0]?.channels[0] ?? '';
    this.nav.el.classList.toggle('hidden', !first);
    if (!first || !s.info) return;
    const width = Math.max(200, s.plotArea.clientWidth || 900);
    if (first !== this.channel || !this.data) {
      this.channel = first;
      try {
        const r = await api.series(s.unitId, [first], s.info.start, s.info.end, width - 60);
        if (!s.alive || this.channel !== first) return;
        this.data = envelope(r.t, r.bucket_ms, [r.series[first] ?? { min: [], max: [] }]);
      } catch { this.nav.el.classList.add('hidden'); return; }
    } else if (!force) return;
    this.nav.opts.tz = s.tz;
    this.nav.draw(this.data!, first, channelColor(first), width, s.plots?.rightGutter ?? 0);
    if (s.plots) this.nav.setWindow(s.plots.view);
  }
}
