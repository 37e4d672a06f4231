// The note of a run (its description, like MLflow's): shown as plain text with its line breaks
// (never as HTML), edited in a textarea by reviewers and admins. A save names the version the
// user edited; when someone else saved meanwhile the server answers 409 with their note: we
// show it and keep the user's text in the textarea, and a second Save replaces theirs.
import { api, ApiError, canEdit, RunNote } from '../api';
import { h, clear, fmtTime } from '../dom';

// "version 3, saved by alice at 2026-12-07 00:12 UTC", or that there is none.
export function noteByline(n: RunNote): string {
  if (n.version === 0 || n.author === null) return 'No note yet.';
  return `Version ${n.version}, saved by ${n.author} at ${fmtTime(n.written_at)} UTC`;
}

// The bytes a note takes (the server's limit counts UTF-8 bytes, not characters).
export function noteBytes(text: string): number {
  return new TextEncoder().encode(text).length;
}
export const MAX_NOTE_BYTES = 64 * 1024;

export function renderRunNote(runId: string, initial: RunNote): HTMLElement {
  const section = h('section', { id: 'run-note' });
  let note = initial;

  const show = () => {
    const text = h('div', { class: 'run-note-text', id: 'run-note-text' });
    text.textContent = note.text;  // plain text: markup in a note stays text
    clear(section,
      h('div', { class: 'run-note-head' }, h('h2', {}, 'Note'),
        canEdit() ? h('button', { id: 'run-note-edit', onclick: () => edit(note.text) }, note.version ? 'Edit' : 'Add a note') : null),
      note.text ? text : h('p', { class: 'muted' }, note.version ? '(cleared)' : 'No note yet.'),
      note.version ? h('p', { class: 'muted', id: 'run-note-byline' }, noteByline(note)) : null);
  };

  // `base` is the version the user's text is based on: a conflict moves it to theirs.
  const edit = (draft: string, conflict: RunNote | null = null, base = note.version) => {
    const area = h('textarea', { id: 'run-note-input', rows: 8, 'aria-label': 'Run note' }) as HTMLTextAreaElement;
    area.value = draft;
    const status = h('p', { class: 'muted', id: 'run-note-status' });
    const save = h('button', { class: 'primary', id: 'run-note-save' }, 'Save') as HTMLButtonElement;
    const cancel = h('button', { id: 'run-note-cancel', onclick: show }, 'Cancel');
    save.onclick = async () => {
      if (noteBytes(area.value) > MAX_NOTE_BYTES) {
        status.textContent = `Too long: ${noteBytes(area.value)} bytes, at most ${MAX_NOTE_BYTES}.`;
        status.className = 'error';
        return;
      }
      save.disabled = true;
      try {
        note = await api.saveRunNote(runId, area.value, base);
        show();
      } catch (e) {
        if (e instanceof ApiError && e.status === 409 && e.body?.current) {
          note = e.body.current as RunNote;
          edit(area.value, note, note.version);
          return;
        }
        save.disabled = false;
        status.textContent = 'Could not save: ' + (e as Error).message;
        status.className = 'error';
      }
    };
    const theirs = conflict ? h('div', { class: 'run-note-conflict', id: 'run-note-conflict', role: 'alert' },
      h('p', {}, `${conflict.author ?? 'Someone'} saved this note meanwhile (version ${conflict.version}, `
        + `${fmtTime(conflict.written_at)} UTC). Your text is kept below; Save replaces theirs, Cancel keeps theirs.`),
      (() => { const t = h('div', { class: 'run-note-text', id: 'run-note-theirs' }); t.textContent = conflict.text; return t; })()) : null;
    clear(section, h('div', { class: 'run-note-head' }, h('h2', {}, 'Note')), theirs, area,
      h('div', { class: 'buttons' }, save, cancel), status);
    area.focus();
  };

  show();
  return section;
}
