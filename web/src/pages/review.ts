import { api, canEdit, ReviewQueue, ReviewItem, ApiError } from '../api';
import { h, clear, toast, fmtTime, fmtDuration, fmtNum, isTyping } from '../dom';

export function renderReview(main: HTMLElement, runId: string) {
  const editable = canEdit();
  let q: ReviewQueue | null = null;
  let cur = 0;
  let busy = false;
  let alive = true;
  const bar = h('div', { class: 'progress-fill' });
  const progText = h('span', { id: 'review-progress' });
  const list = h('ol', { class: 'review-list', id: 'review-list' });
  const catSel = h('select', { id: 'accept-category', title: 'Category of the label an accepted candidate creates' },
    h('option', { value: '' }, 'server default (unknown_anomaly)'));
  if (editable) api.categories().then((c) => { for (const x of c.categories) catSel.appendChild(h('option', { value: x.name }, x.name)); }).catch(() => {});
  main.classList.add('wide');
  main.append(
    h('div', { class: 'page-head' }, h('h1', {}, 'Review queue'), h('span', { class: 'mono muted' }, runId.slice(0, 12)), h('a', { href: '#/runs' }, '← Runs')),
    h('p', { class: 'muted' }, 'Candidates: the run\'s alarms that overlap no label. Missed: labels the run did not alarm on. ' +
      (editable ? 'a accepts, x rejects the current item; ↑/↓ move; Enter opens it on the unit plot.' : 'You have read-only access.')),
    h('div', { class: 'progress' }, bar), progText,
    h('div', { class: 'toolbar' + (editable ? '' : ' hidden') }, h('label', { class: 'inline' }, 'Accepted candidates become labels of category', catSel)),
    list);

  const unitLink = (it: ReviewItem) => {
    const pad = Math.max((it.end - it.start) * 2, 6 * 3600_000);
    return `#/units/${encodeURIComponent(it.unit_id)}?run=${encodeURIComponent(runId)}&from=${Math.round(it.start - pad)}&to=${Math.round(it.end + pad)}` +
      (it.label_id != null ? `&label=${it.label_id}` : '');
  };

  function draw() {
    if (!q) return;
    const { decided, total } = q.progress;
    bar.style.width = total ? `${(100 * decided) / total}%` : '100%';
    progText.textContent = `${decided} of ${total} decided` + (q.items.length ? `, ${q.items.length} to go` : ' — all done');
    cur = Math.max(0, Math.min(cur, q.items.length - 1));
    clear(list, q.items.map((it, i) => h('li', { class: 'review-item' + (i === cur ? ' current' : ''), 'data-key': it.key, 'data-kind': it.kind, onclick: () => { cur = i; draw(); } },
      h('span', { class: `pill ${it.kind === 'candidate' ? 'alarm' : 'proposed'}` }, it.kind),
      h('b', {}, it.unit_id),
      h('span', {}, `${fmtTime(it.start)} – ${fmtTime(it.end)} (${fmtDuration(it.end - it.start)})`),
      h('span', { class: 'muted' }, `score ${fmtNum(it.score, 2)}`),
      h('span', { class: 'spacer' }),
      h('a', { href: unitLink(it), class: 'open', onclick: (e: Event) => e.stopPropagation() }, 'open on plot'),
      editable ? h('button', { class: 'ok accept', title: 'a', onclick: (e: Event) => { e.stopPropagation(); cur = i; decide('accept'); } }, 'Accept') : null,
      editable ? h('button', { class: 'bad reject', title: 'x', onclick: (e: Event) => { e.stopPropagation(); cur = i; decide('reject'); } }, 'Reject') : null)));
    if (q.items.length === 0) list.appendChild(h('p', { class: 'muted' }, 'Nothing left to review for this run.'));
    list.querySelector('.current')?.scrollIntoView({ block: 'nearest' });
  }

  async function load() {
    try {
      q = await api.review(runId);
      if (alive) draw();
    } catch (e) {
      clear(list, h('p', { class: 'error' }, 'Could not load the review queue: ' + (e as Error).message));
    }
  }

  async function decide(d: 'accept' | 'reject') {
    if (!q || busy || !editable) return;
    const it = q.items[cur];
    if (!it) return;
    busy = true;
    try {
      const r = await api.decide(runId, it.key, d, d === 'accept' && it.kind === 'candidate' && catSel.value ? catSel.value : undefined);
      toast(`${d === 'accept' ? 'Accepted' : 'Rejected'} ${it.kind} on ${it.unit_id}` + (r.label ? ` → label ${r.label.id} (${r.label.status})` : ''));
      await load();
    } catch (e) {
      toast(e instanceof ApiError && e.status === 409 ? 'Conflict: the item changed meanwhile; reloaded.' : 'Could not record the decision: ' + (e as Error).message, 'error');
      await load();
    } finally {
      busy = false;
    }
  }

  function onKey(e: KeyboardEvent) {
    if (isTyping(e) || e.ctrlKey || e.metaKey || e.altKey || document.querySelector('.overlay') || !q) return;
    switch (e.key) {
      case 'a': decide('accept'); break;
      case 'x': decide('reject'); break;
      case 'ArrowDown': case 'j': cur = Math.min(cur + 1, q.items.length - 1); draw(); break;
      case 'ArrowUp': case 'k': cur = Math.max(cur - 1, 0); draw(); break;
      case 'Enter': if (q.items[cur]) location.hash = unitLink(q.items[cur]); break;
      default: return;
    }
    e.preventDefault();
  }
  document.addEventListener('keydown', onKey);
  load();
  return () => { alive = false; document.removeEventListener('keydown', onKey); };
}
