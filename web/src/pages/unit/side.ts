// The unit view's side panel: the label list, or the selected label's card with its actions
// (for reviewers and admins) and its history.
import { api, isAdmin, Label } from '../../api';
import { h, clear, fmtTime, fmtDuration, fmtNum } from '../../dom';
import { categoryColor } from '../../colors';
import { UnitState, selectedLabel } from './state';
import type { LabelEditor } from './labels';
import { findSimilarButton } from '../../similar';

export class SidePanel {
  private historyFor: number | null = null;
  private historyEl: HTMLElement = h('div', { class: 'history' });

  constructor(private s: UnitState, readonly el: HTMLElement, private editor: LabelEditor) {}

  async loadHistory() {
    const s = this.s;
    const id = s.selectedId;
    if (id === null) return;
    this.historyFor = id;
    try {
      const r = await api.history(id);
      if (!s.alive || this.historyFor !== id) return;
      const rows = [...r.history].reverse().map((e) =>
        h('li', {},
          h('div', {}, h('b', {}, e.action), ` by ${e.who || '—'}`, h('span', { class: 'muted' }, ` · ${fmtTime(e.at)} · v${e.version} · rev ${e.revision}`)),
          describeChange(e.before, e.after),
          e.why ? h('div', { class: 'why' }, e.why) : null));
      clear(this.historyEl, rows.length ? h('ol', {}, rows) : h('p', { class: 'muted' }, 'No history.'));
    } catch (e) {
      clear(this.historyEl, h('p', { class: 'error' }, 'History unavailable: ' + (e as Error).message));
    }
  }

  draw() {
    const s = this.s;
    const l = selectedLabel(s);
    if (!l) {
      clear(this.el,
        h('h3', {}, `Labels (${s.labels.length})`),
        s.labels.length ? h('ul', { class: 'label-list' }, s.labels.map((x) => h('li', { 'data-id': x.id, onclick: () => s.select(x.id, true) },
          h('span', { class: `dot status-${x.status}`, style: `--c:${categoryColor(x.category)}` }),
          h('span', {}, x.category), h('small', { class: 'muted', title: `${fmtTime(x.start)} UTC` }, ` ${s.fmt(x.start)} · ${x.status}`))))
          : h('p', { class: 'muted' }, 'No labels on this unit yet.'),
        s.editable ? h('p', { class: 'hint' }, 'Draw a label: switch to "Draw label" (l) or Shift+drag on a plot. Click a band to select it; drag its edges to change its range.') : h('p', { class: 'hint' }, 'You have read-only access.'));
      return;
    }
    const ed = this.editor;
    const children: (HTMLElement | null)[] = [
      h('div', { class: 'side-head' }, h('h3', {}, `Label ${l.id}`), h('button', { class: 'link', onclick: () => s.select(null) }, 'close')),
      h('div', { class: 'label-card', style: `--c:${categoryColor(l.category)}` },
        h('div', {}, h('span', { class: `pill ${l.status}`, id: 'sel-status' }, l.status), ' ', h('b', {}, l.category)),
        h('dl', {},
          h('dt', {}, 'range'), h('dd', { id: 'sel-range', title: `${fmtTime(l.start)} – ${fmtTime(l.end)} UTC` }, `${s.fmt(l.start)} – ${s.fmt(l.end)}`),
          h('dt', {}, 'duration'), h('dd', {}, fmtDuration(l.end - l.start)),
          h('dt', {}, 'confidence'), h('dd', {}, fmtNum(l.confidence, 2)),
          h('dt', {}, 'source'), h('dd', {}, l.source || '–'),
          h('dt', {}, 'reviewer'), h('dd', {}, l.reviewer || '–'),
          h('dt', {}, 'version'), h('dd', {}, `v${l.version} (rev ${l.revision})`),
          l.notes ? h('dt', {}, 'notes') : null, l.notes ? h('dd', {}, l.notes) : null)),
    ];
    if (s.editable) {
      const cat = h('select', { id: 'edit-category' }, s.categories.map((c) => h('option', { value: c.name, selected: c.name === l.category }, c.name)));
      if (!s.categories.some((c) => c.name === l.category)) cat.prepend(h('option', { value: l.category, selected: true }, l.category));
      const conf = h('input', { id: 'edit-confidence', type: 'number', min: 0, max: 1, step: 0.05, value: l.confidence == null ? '' : String(l.confidence) });
      const notes = h('textarea', { id: 'edit-notes', rows: 2 }, l.notes ?? '');
      children.push(
        h('div', { class: 'actions' },
          h('button', { id: 'btn-confirm', class: 'ok', title: 'c', disabled: l.status === 'confirmed', onclick: () => ed.setStatus('confirm') }, 'Confirm'),
          h('button', { id: 'btn-reject', class: 'bad', title: 'r', disabled: l.status === 'rejected', onclick: () => ed.setStatus('reject') }, 'Reject'),
          h('button', { id: 'btn-split', title: 's: split at the mouse cursor', onclick: () => ed.split(s.plots?.cursorT ?? null) }, 'Split at cursor'),
          isAdmin() ? h('button', { id: 'btn-delete', class: 'bad', title: 'Delete', onclick: () => ed.remove() }, 'Delete') : null,
          findSimilarButton(l)),  // find similar: web/src/similar.ts
        h('details', { class: 'edit-fields' }, h('summary', {}, 'Edit category, confidence, notes'),
          h('label', {}, 'Category', cat), h('label', {}, 'Confidence', conf), h('label', {}, 'Notes', notes),
          h('button', { id: 'btn-save-fields', onclick: () => ed.saveFields(l, { category: cat.value, confidence: conf.value === '' ? null : Number(conf.value), notes: notes.value }) }, 'Save')));
    }
    if (this.historyFor !== l.id) this.historyEl = h('div', { class: 'history' }, h('p', { class: 'muted' }, 'loading…'));
    children.push(h('h3', {}, 'History'), this.historyEl);
    clear(this.el, children);
  }
}

function describeChange(b: Label | null, a: Label): HTMLElement {
  if (!b) return h('div', { class: 'change' }, `${a.category}, ${fmtTime(a.start)} – ${fmtTime(a.end)}, ${a.status}`);
  const parts: string[] = [];
  const f = (k: keyof Label, fmt: (v: any) => string = String) => { if (b[k] !== a[k]) parts.push(`${k}: ${fmt(b[k])} → ${fmt(a[k])}`); };
  f('start', fmtTime); f('end', fmtTime); f('category'); f('status'); f('confidence'); f('notes');
  return h('div', { class: 'change' }, parts.length ? parts.join('; ') : 'no field changed');
}
