// Find similar (issue 16 item 7): the "Find similar" button of a selected label, and the
// label's review queue of similar windows at #/similar/<label id>. The server searches the
// fleet (POST /labels/{id}/similar) and stores the hits as proposed labels with source
// similar:<id>; GET /labels/{id}/similar lists them, most similar first. Accept confirms a
// candidate, reject rejects it (the label stays, rejected: the search will not propose that
// window again).
import { request, canEdit, Label, ApiError } from './api';
import { h, clear, toast, fmtTime, fmtDuration, fmtNum } from './dom';
import { shortcutAllowed } from './keys';

export interface SimilarHit {
  rank: number; unit_id: string; start: number; end: number; distance: number;
  correlation: number; state: string; label_id: number | null;
}
export interface SimilarSearch {
  query: Label; source: string; channels: string[]; factor: number; hits: SimilarHit[];
  proposed: number; already_proposed: number; units_searched: number; units_skipped: string[];
}
export interface SimilarQueue {
  query: Label; source: string; progress: { decided: number; total: number }; candidates: Label[];
}

export const similarApi = {
  search: (id: number, top = 20) => request<SimilarSearch>('POST', `/labels/${id}/similar`, { top }),
  queue: (id: number) => request<SimilarQueue>('GET', `/labels/${id}/similar`),
  confirm: (id: number, version: number) => request<Label>('POST', `/labels/${id}/confirm`, { version }),
  reject: (id: number, version: number) => request<Label>('POST', `/labels/${id}/reject`, { version }),
};

export const similarHash = (labelId: number) => `#/similar/${labelId}`;

// The side panel's button: search, then open the label's queue of similar windows.
export function findSimilarButton(label: Label): HTMLElement | null {
  if (!canEdit() || label.status === 'superseded') return null;
  const btn = h('button', { id: 'btn-similar', title: 'Search the fleet for windows like this label and queue them for review' }, 'Find similar');
  btn.addEventListener('click', async () => {
    btn.disabled = true;
    btn.textContent = 'Searching…';
    try {
      const r = await similarApi.search(label.id);
      toast(`${r.hits.length} similar windows on ${r.channels.join(', ')}: ${r.proposed} new, ${r.already_proposed} already proposed`);
      location.hash = similarHash(label.id);
    } catch (e) {
      toast('Find similar failed: ' + (e as Error).message, 'error');
      btn.disabled = false;
      btn.textContent = 'Find similar';
    }
  });
  return btn;
}

// #/similar/<id>: the candidates proposed from label <id>, accept (a) / reject (x) like the
// run review queue.
export function renderSimilarQueue(main: HTMLElement, labelId: number) {
  const editable = canEdit();
  let q: SimilarQueue | null = null;
  let cur = 0;
  let busy = false;
  let alive = true;
  const bar = h('div', { class: 'progress-fill' });
  const progText = h('span', { id: 'similar-progress' });
  const head = h('p', { class: 'muted', id: 'similar-query' }, 'loading…');
  const list = h('ol', { class: 'review-list', id: 'similar-list' });
  main.classList.add('wide');
  main.append(
    h('div', { class: 'page-head' }, h('h1', {}, `Similar to label ${labelId}`)),
    head,
    h('p', { class: 'muted' }, 'Windows of the fleet most like the label (z-normalised, on its channels), proposed as labels of its category. ' +
      (editable ? 'a accepts (confirms), x rejects the current candidate; ↑/↓ move; Enter opens it on the unit plot.' : 'You have read-only access.')),
    h('div', { class: 'progress' }, bar), progText, list);

  const unitLink = (l: Label) => {
    const pad = Math.max((l.end - l.start) * 2, 6 * 3600_000);
    return `#/units/${encodeURIComponent(l.unit_id)}?from=${Math.round(l.start - pad)}&to=${Math.round(l.end + pad)}&label=${l.id}`;
  };

  function draw() {
    if (!q) return;
    const { decided, total } = q.progress;
    const ql = q.query;
    clear(head, 'Query: ', h('a', { href: unitLink(ql) }, `label ${ql.id}`),
      ` · ${ql.category} · ${ql.unit_id} · ${fmtTime(ql.start)} – ${fmtTime(ql.end)} (${fmtDuration(ql.end - ql.start)})`);
    bar.style.width = total ? `${(100 * decided) / total}%` : '100%';
    progText.textContent = `${decided} of ${total} decided` + (total - decided ? `, ${total - decided} to go` : ' — all done');
    cur = Math.max(0, Math.min(cur, q.candidates.length - 1));
    clear(list, q.candidates.map((l, i) => h('li', { class: 'review-item' + (i === cur ? ' current' : ''), 'data-id': String(l.id), 'data-status': l.status, onclick: () => { cur = i; draw(); } },
      h('span', { class: `pill ${l.status}` }, l.status),
      h('b', {}, l.unit_id),
      h('span', {}, `${fmtTime(l.start)} – ${fmtTime(l.end)}`),
      h('span', { class: 'muted', title: 'Pearson correlation with the query (mean over channels)' }, `similarity ${fmtNum(l.confidence, 2)}`),
      h('span', { class: 'spacer' }),
      h('a', { href: unitLink(l), class: 'open', onclick: (e: Event) => e.stopPropagation() }, 'open on plot'),
      editable && l.status !== 'confirmed' ? h('button', { class: 'ok accept', title: 'a', onclick: (e: Event) => { e.stopPropagation(); cur = i; decide('accept'); } }, 'Accept') : null,
      editable && l.status !== 'rejected' ? h('button', { class: 'bad reject', title: 'x', onclick: (e: Event) => { e.stopPropagation(); cur = i; decide('reject'); } }, 'Reject') : null)));
    if (q.candidates.length === 0) list.appendChild(h('p', { class: 'muted' }, 'No candidates: use "Find similar" on the label in the unit view.'));
    list.querySelector('.current')?.scrollIntoView({ block: 'nearest' });
    main.dataset.loaded = 'true';
  }

  async function load() {
    try {
      q = await similarApi.queue(labelId);
      if (alive) draw();
    } catch (e) {
      clear(list, h('p', { class: 'error' }, 'Could not load the candidates: ' + (e as Error).message));
    }
  }

  async function decide(d: 'accept' | 'reject') {
    if (!q || busy || !editable) return;
    const l = q.candidates[cur];
    if (!l || (d === 'accept' ? l.status === 'confirmed' : l.status === 'rejected')) return;
    busy = true;
    try {
      const r = d === 'accept' ? await similarApi.confirm(l.id, l.version) : await similarApi.reject(l.id, l.version);
      toast(`${d === 'accept' ? 'Confirmed' : 'Rejected'} label ${r.id} on ${r.unit_id}`);
      await load();
      if (q) {  // on to the next undecided candidate
        const next = q.candidates.findIndex((c, i) => i > cur && c.status === 'proposed');
        if (next >= 0) { cur = next; draw(); }
      }
    } catch (e) {
      toast(e instanceof ApiError && e.status === 409 ? 'Conflict: the label changed meanwhile; reloaded.' : 'Could not record the decision: ' + (e as Error).message, 'error');
      await load();
    } finally {
      busy = false;
    }
  }

  function onKey(e: KeyboardEvent) {
    if (!shortcutAllowed(e) || document.querySelector('.overlay') || !q) return;
    switch (e.key) {
      case 'a': decide('accept'); break;
      case 'x': decide('reject'); break;
      case 'ArrowDown': case 'j': cur = Math.min(cur + 1, q.candidates.length - 1); draw(); break;
      case 'ArrowUp': case 'k': cur = Math.max(cur - 1, 0); draw(); break;
      case 'Enter': if (q.candidates[cur]) location.hash = unitLink(q.candidates[cur]); break;
      default: return;
    }
    e.preventDefault();
  }
  document.addEventListener('keydown', onKey);
  load();
  return () => { alive = false; document.removeEventListener('keydown', onKey); };
}
