// A run's review queue: candidates (alarms on no label) and missed labels (no alarm on them),
// by score. The cursor, the filters and the default category live in the URL, so going back
// from "open on plot" returns to the same item. Missed items offer two distinct decisions:
// "label is right, the model missed it" (recorded, the label unchanged) and "label is wrong"
// (rejects the label, after a confirmation). Recent decisions are listed and can be undone.
import { api, canEdit, currentSession, ReviewQueue, ReviewItem, ReviewDecisionRow, ApiError } from '../api';
import { h, clear, toast, fmtTime, fmtDuration, fmtNum, isTyping } from '../dom';
import type { Route } from '../main';

import { decisionText, kindOfKey } from '../review_items';
import { confirmReject } from '../review_confirm';
import { serial } from '../serial';
export { decisionText };

export function renderReview(main: HTMLElement, runId: string, route?: Route) {
  const editable = canEdit();
  const query = route?.query ?? new URLSearchParams();
  let q: ReviewQueue | null = null;
  let recent: ReviewDecisionRow[] = [];
  let cur = 0;
  let wantKey = query.get('item');            // the item to put the cursor on once loaded
  const queue = serial();                     // decisions and undos in key order (serial.ts)
  let alive = true;
  const filter = { unit: query.get('unit') ?? '', category: query.get('category') ?? '', kind: query.get('kind') ?? '', minScore: query.get('min_score') ?? '' };
  const catChoice: Record<string, string> = {};  // per candidate: the category it becomes
  let categories: string[] = [];

  const bar = h('div', { class: 'progress-fill' });
  const progText = h('span', { id: 'review-progress' });
  const list = h('ol', { class: 'review-list', id: 'review-list' });
  const recentList = h('ol', { class: 'recent-decisions', id: 'recent-decisions' });
  const undoBtn = h('button', { id: 'review-undo', disabled: true, title: 'Undo your last decision (u)' }, 'Undo last decision');
  const catSel = h('select', { id: 'accept-category', title: 'Default category of the label an accepted candidate creates' },
    h('option', { value: '' }, 'unknown_anomaly (server default)'));
  const unitSel = h('select', { id: 'filter-unit' }, h('option', { value: '' }, 'all units'));
  const catFilter = h('select', { id: 'filter-category' }, h('option', { value: '' }, 'all categories'));
  const kindSel = h('select', { id: 'filter-kind' }, h('option', { value: '' }, 'candidates and missed'),
    h('option', { value: 'candidate' }, 'candidates'), h('option', { value: 'missed' }, 'missed'));
  const scoreIn = h('input', { id: 'filter-min-score', type: 'number', step: 'any', placeholder: 'min score', value: filter.minScore, style: 'width:7em' });
  kindSel.value = filter.kind;
  if (query.get('accept_category')) catChoice[''] = query.get('accept_category')!;

  api.categories().then((c) => {
    categories = c.categories.map((x) => x.name);
    for (const x of categories) {
      catSel.appendChild(h('option', { value: x }, x));
      catFilter.appendChild(h('option', { value: x }, x));
    }
    catSel.value = catChoice[''] ?? '';
    catFilter.value = filter.category;
    if (alive) draw();
  }).catch(() => {});

  main.classList.add('wide');
  main.append(
    h('div', { class: 'page-head' }, h('h1', {}, 'Review queue'),
      h('a', { class: 'mono muted', href: `#/runs/${encodeURIComponent(runId)}`, title: 'the run page' }, runId.slice(0, 12)),
      h('a', { href: '#/runs' }, '← Runs')),
    h('p', { class: 'muted' }, 'Candidates: the run\'s alarms that overlap no label. Missed: labels the run did not alarm on. ' +
      (editable ? 'a accepts a candidate (or: the missed label is right), x rejects a candidate (or: the missed label is wrong, asks first); u undoes your last decision; ↑/↓ move; Enter opens the item on the unit plot.' : 'You have read-only access.')),
    h('div', { class: 'progress' }, bar), progText,
    h('div', { class: 'toolbar review-filters' },
      h('label', { class: 'inline' }, 'Unit ', unitSel), h('label', { class: 'inline' }, 'Category ', catFilter),
      h('label', { class: 'inline' }, 'Show ', kindSel), h('label', { class: 'inline' }, 'Score ≥ ', scoreIn)),
    h('div', { class: 'toolbar' + (editable ? '' : ' hidden') },
      h('label', { class: 'inline' }, 'Accepted candidates become labels of category ', catSel), undoBtn),
    h('div', { class: 'review-layout' }, list,
      h('aside', { class: 'review-recent' }, h('h2', {}, 'Recent decisions'), recentList)));

  const unitLink = (it: ReviewItem) => {
    const pad = Math.max((it.end - it.start) * 2, 6 * 3600_000);
    return `#/units/${encodeURIComponent(it.unit_id)}?run=${encodeURIComponent(runId)}&from=${Math.round(it.start - pad)}&to=${Math.round(it.end + pad)}` +
      (it.label_id != null ? `&label=${it.label_id}` : '');
  };

  const visible = (): ReviewItem[] => {
    if (!q) return [];
    const min = filter.minScore === '' ? NaN : Number(filter.minScore);
    return q.items.filter((it) => (!filter.unit || it.unit_id === filter.unit) &&
      (!filter.kind || it.kind === filter.kind) &&
      (!filter.category || it.category === filter.category || (it.kind === 'candidate' && (catChoice[it.key] || catSel.value || 'unknown_anomaly') === filter.category)) &&
      (Number.isNaN(min) || it.score >= min));
  };

  // The URL holds the cursor, the filters and the default category (replaceState: no reload).
  function saveUrl() {
    const items = visible();
    const p = new URLSearchParams();
    if (items[cur]) p.set('item', items[cur].key);
    if (filter.unit) p.set('unit', filter.unit);
    if (filter.category) p.set('category', filter.category);
    if (filter.kind) p.set('kind', filter.kind);
    if (filter.minScore) p.set('min_score', filter.minScore);
    if (catSel.value) p.set('accept_category', catSel.value);
    const s = p.toString();
    const hash = `#/review/${encodeURIComponent(runId)}` + (s ? '?' + s : '');
    if (location.hash !== hash) history.replaceState(history.state, '', hash);
  }

  const onFilter = () => {
    filter.unit = unitSel.value; filter.category = catFilter.value; filter.kind = kindSel.value; filter.minScore = scoreIn.value.trim();
    const key = visible()[cur]?.key;
    cur = 0;
    if (key) wantKey = key;
    draw();
  };
  for (const el of [unitSel, catFilter, kindSel]) el.addEventListener('change', () => { onFilter(); (el as HTMLElement).blur(); });
  scoreIn.addEventListener('input', onFilter);
  catSel.addEventListener('change', () => { saveUrl(); draw(); catSel.blur(); });

  function draw() {
    if (!q) return;
    const { decided, total } = q.progress;
    bar.style.width = total ? `${(100 * decided) / total}%` : '100%';
    const items = visible();
    progText.textContent = `${decided} of ${total} decided` + (q.items.length ? `, ${q.items.length} to go` : ' — all done') +
      (items.length !== q.items.length ? ` (${items.length} shown by the filters)` : '');
    const units = [...new Set(q.items.map((i) => i.unit_id))].sort();
    if (unitSel.options.length !== units.length + 1) {
      clear(unitSel, h('option', { value: '' }, 'all units'), units.map((u) => h('option', { value: u }, u)));
      unitSel.value = filter.unit;
    }
    if (wantKey) {
      const i = items.findIndex((it) => it.key === wantKey);
      if (i >= 0) cur = i;
      wantKey = null;
    }
    cur = Math.max(0, Math.min(cur, items.length - 1));
    clear(list, items.map((it, i) => {
      const missed = it.kind === 'missed';
      let rowCat: HTMLSelectElement | null = null;
      if (editable && !missed) {
        rowCat = h('select', { class: 'row-category', title: 'Category of the label accepting this candidate creates', onclick: (e: Event) => e.stopPropagation() },
          h('option', { value: '' }, `default (${catSel.value || 'unknown_anomaly'})`), categories.map((c) => h('option', { value: c }, c)));
        rowCat.value = catChoice[it.key] ?? '';
        rowCat.addEventListener('change', () => { catChoice[it.key] = rowCat!.value; rowCat!.blur(); });
      }
      return h('li', { class: 'review-item' + (i === cur ? ' current' : ''), 'data-key': it.key, 'data-kind': it.kind, onclick: () => { cur = i; draw(); } },
        h('span', { class: `pill ${missed ? 'proposed' : 'alarm'}` }, it.kind),
        h('b', {}, it.unit_id),
        h('span', {}, `${fmtTime(it.start)} – ${fmtTime(it.end)} (${fmtDuration(it.end - it.start)})`),
        missed ? h('span', { class: 'muted' }, `label ${it.label_id} · ${it.category ?? ''}`) : null,
        h('span', { class: 'muted score' }, `score ${fmtNum(it.score, 2)}`),
        h('span', { class: 'spacer' }),
        rowCat,
        h('a', { href: unitLink(it), class: 'open', onclick: (e: Event) => { e.stopPropagation(); cur = i; saveUrl(); } }, 'open on plot'),
        editable ? h('button', { class: 'ok accept', title: missed ? 'a: the label is right, the model missed it (the label stays as it is)' : 'a: accept as a new label',
          onclick: (e: Event) => { e.stopPropagation(); cur = i; decide('accept'); } }, missed ? 'Label is right — model missed it' : 'Accept') : null,
        editable ? h('button', { class: 'bad reject', title: missed ? 'x: the label is wrong: rejects the label itself (asks first)' : 'x: reject the candidate',
          onclick: (e: Event) => { e.stopPropagation(); cur = i; decide('reject'); } }, missed ? 'Label is wrong…' : 'Reject') : null);
    }));
    if (items.length === 0) list.appendChild(h('p', { class: 'muted' }, q.items.length ? 'No item matches the filters.' : 'Nothing left to review for this run.'));
    list.querySelector('.current')?.scrollIntoView({ block: 'nearest' });
    drawRecent();
    saveUrl();
  }

  const mine = () => recent.filter((d) => d.who === currentSession()?.user.name || currentSession()?.user.role === 'admin');

  function drawRecent() {
    const kindOf = kindOfKey;
    clear(recentList, recent.map((d) => h('li', { 'data-key': d.key },
      h('span', {}, `${fmtTime(d.at)} · ${d.who}: ${kindOf(d.key)} ${decisionText(kindOf(d.key), d.decision)}`),
      d.label_id != null ? h('span', { class: 'muted' }, ` (label ${d.label_id})`) : null,
      editable && (d.who === currentSession()?.user.name || currentSession()?.user.role === 'admin')
        ? h('button', { class: 'link undo-one', onclick: () => undo(d) }, 'undo') : null)));
    if (recent.length === 0) recentList.appendChild(h('li', { class: 'muted' }, 'No decisions yet.'));
    undoBtn.disabled = !editable || mine().length === 0;
  }

  async function load() {
    try {
      const [qq, dd] = await Promise.all([api.review(runId), api.decisions(runId, 10)]);
      q = qq; recent = dd.decisions;
      if (alive) draw();
    } catch (e) {
      clear(list, h('p', { class: 'error' }, 'Could not load the review queue: ' + (e as Error).message));
    }
  }

  const decide = (d: 'accept' | 'reject') => queue(() => decideNow(d));
  async function decideNow(d: 'accept' | 'reject') {
    if (!q || !editable) return;
    const items = visible();
    const it = items[cur];
    if (!it) return;
    if (it.kind === 'missed' && d === 'reject' && !(await confirmReject(it))) return;
    try {
      const cat = it.kind === 'candidate' && d === 'accept' ? (catChoice[it.key] || catSel.value || undefined) : undefined;
      const r = await api.decide(runId, it.key, d, cat);
      wantKey = items[cur + 1]?.key ?? items[cur - 1]?.key ?? null;
      toast(`${it.kind} on ${it.unit_id}: ${decisionText(it.kind, d)}` + (r.label && !(it.kind === 'missed' && d === 'accept') ? ` → label ${r.label.id} (${r.label.status}, ${r.label.category})` : '') + '. u undoes it.');
      await load();
    } catch (e) {
      toast(e instanceof ApiError && e.status === 409 ? 'Conflict: the item changed meanwhile; reloaded.' : 'Could not record the decision: ' + (e as Error).message, 'error');
      await load();
    }
  }

  const undo = (d?: ReviewDecisionRow) => queue(() => undoNow(d));
  async function undoNow(d?: ReviewDecisionRow) {
    if (!editable) return;
    const target = d ?? mine()[0];
    if (!target) { toast('No decision of yours to undo'); return; }
    try {
      const r = await api.undoDecision(runId, target.key);
      const kind = kindOfKey(target.key);
      const what = target.label_id == null ? '' : r.label ? ` — label ${r.label.id} is ${r.label.status} again` : ` — label ${target.label_id} removed`;
      toast(`Undone: ${kind} ${decisionText(kind, target.decision)}${what}; the item is back in the queue.`);
      wantKey = target.key;
      filter.unit = filter.category = filter.kind = filter.minScore = '';
      unitSel.value = catFilter.value = kindSel.value = scoreIn.value = '';
      await load();
    } catch (e) {
      toast('Could not undo: ' + (e as Error).message, 'error');
      await load();
    }
  }
  undoBtn.addEventListener('click', () => undo());

  function onKey(e: KeyboardEvent) {
    if (isTyping(e) || e.ctrlKey || e.metaKey || e.altKey || document.querySelector('.overlay') || !q) return;
    const n = visible().length;
    switch (e.key) {
      case 'a': decide('accept'); break;
      case 'x': decide('reject'); break;
      case 'u': undo(); break;
      case 'ArrowDown': case 'j': cur = Math.min(cur + 1, n - 1); draw(); break;
      case 'ArrowUp': case 'k': cur = Math.max(cur - 1, 0); draw(); break;
      case 'Enter': { const it = visible()[cur]; if (it) { saveUrl(); location.hash = unitLink(it); } break; }
      default: return;
    }
    e.preventDefault();
  }
  document.addEventListener('keydown', onKey);
  load();
  return () => { alive = false; document.removeEventListener('keydown', onKey); };
}
