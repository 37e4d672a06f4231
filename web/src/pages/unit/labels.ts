// Label editing on the unit view: the new-label form (with its draft kept across sign-ins),
// confirm, reject, split at the cursor, delete, field edits, edge moves, and undo.
import { api, ApiError, isAdmin, Label } from '../../api';
import { h, toast, fmtTime, fmtDuration } from '../../dom';
import { DATA_STEP, UnitState, selectedLabel } from './state';
import { saveDraft, clearDraft, LabelDraft } from './draft';

type Undo =
  | { kind: 'create'; id: number; what: string }
  | { kind: 'patch'; id: number; before: Partial<Pick<Label, 'start' | 'end' | 'category' | 'confidence' | 'notes'>>; what: string }
  | { kind: 'status'; id: number; before: Label['status']; what: string }
  | { kind: 'split'; first: number; second: number; start: number; end: number; what: string }
  | { kind: 'delete'; label: Label; what: string };

export class LabelEditor {
  private undoStack: Undo[] = [];
  private busy = false;

  constructor(private s: UnitState, private undoBtn: HTMLButtonElement | null) {}

  async edit(what: string, f: () => Promise<void>) {
    if (this.busy) return;
    this.busy = true;
    const s = this.s;
    try {
      await f();
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        // the session ended: main.ts sends the user to sign in and back here; a label being
        // drawn is kept as a draft
      } else if (e instanceof ApiError && e.status === 409) {
        toast(`Conflict: someone else changed this label (${what}). The labels were reloaded; please check and try again.`, 'error');
        await s.loadLabels();
      } else if (e instanceof ApiError && e.status === 403) {
        toast(`Not allowed: ${e.message}`, 'error');
      } else {
        toast(`Could not ${what}: ${(e as Error).message}`, 'error');
        await s.loadLabels();
      }
    } finally {
      this.busy = false;
      s.redrawBands();
      s.drawSide();
      s.loadHistory();
    }
  }

  replace(l: Label) {
    const labels = this.s.labels;
    const i = labels.findIndex((x) => x.id === l.id);
    if (l.status === 'superseded') { if (i >= 0) labels.splice(i, 1); }
    else if (i >= 0) labels[i] = l; else labels.push(l);
    labels.sort((a, b) => a.start - b.start);
  }

  private push(u: Undo) {
    this.undoStack.push(u);
    if (this.undoStack.length > 50) this.undoStack.shift();
    if (this.undoBtn) { this.undoBtn.disabled = false; this.undoBtn.title = `Undo: ${u.what} (u)`; }
  }

  async setStatus(kind: 'confirm' | 'reject') {
    const l = selectedLabel(this.s);
    if (!l || !this.s.editable) return;
    if (l.status === (kind === 'confirm' ? 'confirmed' : 'rejected')) return;
    await this.edit(`${kind} label ${l.id}`, async () => {
      const after = kind === 'confirm' ? await api.confirm(l.id, l.version) : await api.reject(l.id, l.version);
      this.push({ kind: 'status', id: l.id, before: l.status, what: kind });
      this.replace(after);
      toast(`Label ${l.id} ${after.status}`);
    });
  }

  async split(at: number | null) {
    const l = selectedLabel(this.s);
    if (!l || !this.s.editable) return;
    if (at === null || at <= l.start || at >= l.end) { toast('Put the mouse cursor inside the selected label, then press s to split there.', 'error'); return; }
    const t = Math.round(at / DATA_STEP) * DATA_STEP;
    await this.edit(`split label ${l.id}`, async () => {
      const r = await api.split(l.id, l.version, t);
      const [a, b] = r.labels;
      const old = this.s.labels.findIndex((x) => x.id === l.id);
      if (old >= 0 && a.id !== l.id && b.id !== l.id) this.s.labels.splice(old, 1);
      this.replace(a); this.replace(b);
      this.push({ kind: 'split', first: a.id, second: b.id, start: l.start, end: l.end, what: 'split' });
      this.s.selectedId = a.id;
      toast(`Split at ${fmtTime(t)}`);
    });
  }

  async remove() {
    const l = selectedLabel(this.s);
    if (!l || !isAdmin()) return;
    if (!window.confirm(`Delete label ${l.id} (${l.category})?`)) return;
    await this.edit(`delete label ${l.id}`, async () => {
      await api.deleteLabel(l.id, l.version);
      this.s.labels = this.s.labels.filter((x) => x.id !== l.id);
      this.push({ kind: 'delete', label: l, what: 'delete' });
      this.s.selectedId = null;
      toast(`Label ${l.id} deleted`);
    });
  }

  async saveFields(l: Label, f: { category: string; confidence: number | null; notes: string }) {
    const body: { version: number; category?: string; confidence?: number; notes?: string } = { version: l.version };
    const before: Partial<Label> = {};
    if (f.category !== l.category) { body.category = f.category; before.category = l.category; }
    if (f.confidence !== null && f.confidence !== l.confidence) { body.confidence = f.confidence; before.confidence = l.confidence; }
    if (f.notes !== (l.notes ?? '')) { body.notes = f.notes; before.notes = l.notes ?? ''; }
    if (Object.keys(body).length === 1) return;
    await this.edit(`edit label ${l.id}`, async () => {
      const after = await api.patchLabel(l.id, body);
      this.push({ kind: 'patch', id: l.id, before, what: 'edit fields' });
      this.replace(after);
      toast(`Label ${l.id} saved`);
    });
  }

  async moveEdge(lab: Label, which: 'start' | 'end', o: { start: number; end: number }) {
    const body = which === 'start' ? { start: o.start } : { end: o.end };
    await this.edit(`move the ${which} of label ${lab.id}`, async () => {
      const after = await api.patchLabel(lab.id, { version: lab.version, ...body });
      this.push({ kind: 'patch', id: lab.id, before: which === 'start' ? { start: lab.start } : { end: lab.end }, what: `move ${which}` });
      this.replace(after);
      toast(`Label ${lab.id}: ${which} moved to ${fmtTime(which === 'start' ? after.start : after.end)}`);
    });
  }

  async undo() {
    const s = this.s;
    const op = this.undoStack.pop();
    const st = this.undoStack;
    if (this.undoBtn) { this.undoBtn.disabled = st.length === 0; this.undoBtn.title = st.length ? `Undo: ${st[st.length - 1].what} (u)` : 'Nothing to undo'; }
    if (!op) { toast('Nothing to undo'); return; }
    const fresh = async (id: number) => {
      await s.loadLabels();
      const l = s.labels.find((x) => x.id === id);
      if (!l) throw new Error(`label ${id} is gone`);
      return l;
    };
    let restored: string | null = null;
    await this.edit(`undo ${op.what}`, async () => {
      switch (op.kind) {
        case 'create': {
          const l = await fresh(op.id);
          if (isAdmin()) { await api.deleteLabel(l.id, l.version); s.labels = s.labels.filter((x) => x.id !== l.id); }
          else this.replace(await api.reject(l.id, l.version));
          if (s.selectedId === op.id) s.selectedId = null;
          break;
        }
        case 'patch': {
          const l = await fresh(op.id);
          const body: any = { version: l.version, ...op.before };
          if (body.confidence === null) delete body.confidence;
          this.replace(await api.patchLabel(l.id, body));
          break;
        }
        case 'status': {
          const l = await fresh(op.id);
          if (op.before === 'confirmed') this.replace(await api.confirm(l.id, l.version));
          else if (op.before === 'rejected') this.replace(await api.reject(l.id, l.version));
          else {
            // Back to "proposed" needs PATCH {status}; a server without it refuses or ignores the field.
            let back: Label | null = null;
            try { back = await api.patchLabel(l.id, { version: l.version, status: 'proposed' }); } catch (e) {
              if (!(e instanceof ApiError) || e.status !== 400) throw e;
            }
            if (!back || back.status !== 'proposed') {
              if (back) this.replace(back);
              throw new Error('the server cannot return a label to "proposed"; confirm or reject it instead');
            }
            this.replace(back);
          }
          break;
        }
        case 'split': {
          const a = await fresh(op.first);
          this.replace(await api.patchLabel(a.id, { version: a.version, start: op.start, end: op.end }));
          const b = s.labels.find((x) => x.id === op.second);
          if (b) {
            if (isAdmin()) { await api.deleteLabel(b.id, b.version); s.labels = s.labels.filter((x) => x.id !== b.id); }
            else this.replace(await api.reject(b.id, b.version));
          }
          s.selectedId = a.id;
          break;
        }
        case 'delete': {
          // the same label back (id, status, history), not a copy (issue 16 defect 6)
          const made = await api.restoreLabel(op.label.id);
          this.replace(made);
          s.selectedId = made.id;
          restored = `Undone: delete — label ${made.id} restored as it was (${made.status}, ${made.source}, history kept)`;
          break;
        }
      }
      toast(restored ?? `Undone: ${op.what}`);
    });
  }

  // The new-label form for [a, b] (or a saved draft). Every change is kept as a draft until
  // the label is created or the form is cancelled.
  openCreateForm(a: number, b: number, draft: LabelDraft | null = null) {
    const s = this.s;
    const start = draft ? draft.start : Math.round(Math.min(a, b) / DATA_STEP) * DATA_STEP;
    const end = draft ? draft.end : Math.max(start + DATA_STEP, Math.round(Math.max(a, b) / DATA_STEP) * DATA_STEP);
    document.getElementById('label-form-overlay')?.remove();
    const first = draft && s.categories.some((c) => c.name === draft.category) ? draft.category : s.categories[0]?.name;
    const cat = h('select', { id: 'lf-category', required: true },
      s.categories.map((c) => h('option', { value: c.name, selected: c.name === first, title: c.description }, c.name)));
    const conf = h('input', { id: 'lf-confidence', type: 'number', min: 0, max: 1, step: 0.05, value: draft?.confidence ?? '0.8' });
    const notes = h('textarea', { id: 'lf-notes', rows: 3, placeholder: 'What did you see?' }, draft?.notes ?? '');
    const save = h('button', { type: 'submit', id: 'lf-save', class: 'primary' }, 'Create label');
    const keep = () => saveDraft({ unit: s.unitId, start, end, category: cat.value, confidence: conf.value, notes: notes.value });
    const close = () => { clearDraft(); ov.remove(); };
    const form = h('form', { class: 'dialog', id: 'label-form' },
      h('h2', {}, 'New label'),
      h('p', { class: 'muted', title: `${fmtTime(start)} – ${fmtTime(end)} UTC` }, `${s.unitId}: ${s.fmt(start)} – ${s.fmt(end)}${s.tz === 'UTC' ? ' UTC' : ''} (${fmtDuration(end - start)})`),
      draft ? h('p', { class: 'hint', id: 'lf-restored' }, 'Restored the label you were drawing.') : null,
      h('label', {}, 'Category', cat),
      h('label', {}, 'Confidence (0–1)', conf),
      h('label', {}, 'Notes', notes),
      h('div', { class: 'buttons' }, save, h('button', { type: 'button', id: 'lf-cancel', onclick: close }, 'Cancel')));
    const ov = h('div', { class: 'overlay', id: 'label-form-overlay' }, form);
    form.addEventListener('input', keep);
    form.addEventListener('change', keep);
    form.addEventListener('keydown', (e) => { if (e.key === 'Escape') { e.stopPropagation(); close(); } });
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const c = Number(conf.value);
      if (!(c >= 0 && c <= 1)) { toast('Confidence must be between 0 and 1', 'error'); return; }
      save.disabled = true;
      keep();
      await this.edit('create the label', async () => {
        const made = await api.createLabel({ unit_id: s.unitId, start, end, category: cat.value, confidence: c, notes: notes.value });
        this.replace(made);
        s.selectedId = made.id;
        this.push({ kind: 'create', id: made.id, what: 'create label' });
        toast(`Label ${made.id} created`);
        close();
      });
      save.disabled = false;
    });
    keep();
    document.body.appendChild(ov);
    cat.focus();
  }
}
