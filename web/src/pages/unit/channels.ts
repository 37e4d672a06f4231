// The unit view's channel panel: which channels are shown and which share a plot (saved per
// unit type in localStorage), the channel colours, and the key to band and category colours.
import type { UnitInfo } from '../../api';
import { h, clear } from '../../dom';
import { channelColor, categoryColor, textOn } from '../../colors';
import { channelConfig, savedConfig, storeKey, SavedCfg } from '../../plot/grouping';
import type { UnitState } from './state';

export function loadChannels(s: UnitState, u: UnitInfo) {
  let saved: SavedCfg = {};
  try { saved = JSON.parse(localStorage.getItem(storeKey(u.type)) ?? '{}'); } catch { saved = {}; }
  s.chans = channelConfig(u.channels, u.derived, saved);
}

function saveChannels(s: UnitState) {
  localStorage.setItem(storeKey(s.info?.type ?? ''), JSON.stringify(savedConfig(s.chans)));
}

export function drawChannelPanel(s: UnitState, panel: HTMLElement) {
  const n = s.chans.length;
  const row = (c: UnitState['chans'][number]) => {
    const cb = h('input', { type: 'checkbox', checked: c.visible, 'data-channel': c.name });
    cb.addEventListener('change', () => { c.visible = cb.checked; saveChannels(s); s.rebuild(true); });
    const sel = h('select', { class: 'group', title: 'Plot: channels with the same number and unit share one plot (overlay)', 'data-channel': c.name },
      Array.from({ length: n }, (_, k) => h('option', { value: k + 1, selected: c.group === k + 1 }, String(k + 1))));
    sel.addEventListener('change', () => { c.group = Number(sel.value); saveChannels(s); s.rebuild(false); });
    return h('div', { class: 'chan' + (c.derived ? ' derived' : '') },
      h('span', { class: 'swatch', style: `background:${channelColor(c.name)}` }),
      h('label', { title: c.description ?? c.name }, cb, ' ', c.name, c.unit ? h('small', {}, ` ${c.unit}`) : null),
      sel);
  };
  clear(panel,
    h('h3', {}, 'Channels'),
    h('p', { class: 'hint' }, 'Tick to show; same plot number (and unit) = overlay.'),
    s.chans.filter((c) => !c.derived).map(row),
    s.chans.some((c) => c.derived) ? h('h3', {}, 'Derived') : null,
    s.chans.filter((c) => c.derived).map(row));
}

// The legend above the plots (always in view): band styles by status, the alarm mark, and the
// colour of every category the server knows plus any used by this unit's labels.
export function drawLegend(s: UnitState, bar: HTMLElement) {
  const names = [...new Set([...s.categories.map((c) => c.name), ...s.labels.map((l) => l.category)])];
  clear(bar,
    h('span', { class: 'legend-key', id: 'legend-key' },
      h('span', {}, h('span', { class: 'key-band proposed' }), 'proposed'),
      h('span', {}, h('span', { class: 'key-band confirmed' }), 'confirmed'),
      h('span', {}, h('span', { class: 'key-band rejected' }), 'rejected'),
      h('span', {}, h('span', { class: 'key-band alarm' }), 'run alarm')),
    h('span', { class: 'category-key', id: 'category-key' },
      names.map((c) => {
        const col = categoryColor(c);
        return h('span', { class: 'cat-tag', 'data-category': c, style: `background:${col};color:${textOn(col)}` }, c);
      })));
}
