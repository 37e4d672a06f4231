// The unit view's run overlay: the run selector, and the selected run's alarms (bands) and
// score (a plot under the channels, fetched with the series by plot.ts, with the unit's alarm
// threshold as a line), its per-channel contributions (the channels plotted: syncContrib),
// and review on the plot (ReviewPanel below, which lists the current item's contributions).
import { api, ApiError, currentSession, ReviewDecisionRow, ReviewItem, Run } from '../../api';
import { h, clear, toast, fmtTime, fmtDuration, fmtNum } from '../../dom';
import { Decision, decidedItems, decisionText, itemWindow, kindOfKey, queueLink, stepCursor, unitItems } from '../../review_items';
import { confirmReject } from '../../review_confirm';
import { serial } from '../../serial';
import { alarmAt, contributionColor, plottedChannels, sameList, shares, shortNames } from '../../contributions';
import { CONTRIB_TOP, UnitState } from './state';

export function runSelector(s: UnitState, onChange: () => void): HTMLSelectElement {
  const sel = h('select', { id: 'run-select', title: 'Overlay a run\'s score and alarms' }, h('option', { value: '' }, 'no run'));
  sel.addEventListener('change', () => {
    s.runId = sel.value;
    sessionStorage.setItem('unit.run', s.runId);
    onChange();
  });
  return sel;
}

export function fillRunSelector(s: UnitState, sel: HTMLSelectElement, runs: Run[]) {
  s.runs = runs;
  if (!runs.some((r) => r.run_id === s.runId)) s.runId = '';
  for (const r of runs) sel.appendChild(h('option', { value: r.run_id, selected: r.run_id === s.runId }, `${r.name || r.detector} · ${r.run_id.slice(0, 8)}`));
}

export async function loadRun(s: UnitState) {
  s.alarms = [];
  s.scores = null;
  s.threshold = null;
  s.contrib.channels = [];
  s.contrib.series = {};
  if (!s.runId) return;
  try { const r = await api.alarms(s.runId, s.unitId); s.alarms = r.alarms; s.threshold = r.threshold ?? null; } catch (e) { toast('Could not load the run\'s alarms: ' + (e as Error).message, 'error'); }
  syncContrib(s);
}

// The alarm behind the current review item (a candidate is an alarm; a missed label has none).
export const currentAlarm = (s: UnitState) => (s.reviewItem ? alarmAt(s.alarms, s.reviewItem) : null);

// Sets the contribution channels to plot (the current item's top ones, else the unit's); true
// when they changed (the plots then need their series fetched).
export function syncContrib(s: UnitState): boolean {
  const want = plottedChannels(s.alarms, currentAlarm(s), CONTRIB_TOP);
  if (sameList(want, s.contrib.channels)) return false;
  s.contrib.channels = want;
  return true;
}

// The current item's contributions as a ranked bar list (channel, share of the total), and the
// switch of the contribution plot; nothing when the run's detector provides none.
function contribSection(s: UnitState, onToggle: () => void): HTMLElement | null {
  if (!s.alarms.some((a) => a.channels?.length)) return null;
  const a = currentAlarm(s);
  const list = a?.channels?.length ? shares(a.channels) : [];
  const names = shortNames(list.map((c) => c.channel));
  const toggle = h('input', { type: 'checkbox', id: 'contrib-toggle', checked: s.contrib.show });
  toggle.addEventListener('change', () => { s.contrib.show = toggle.checked; sessionStorage.setItem('unit.contrib', toggle.checked ? '1' : '0'); toggle.blur(); onToggle(); });
  return h('div', { class: 'contrib', id: 'plot-review-contrib' },
    h('div', { class: 'side-head' }, h('h4', {}, 'Contributions'),
      h('label', { class: 'inline', title: `Plot the top ${CONTRIB_TOP} contributing channels under the score` }, toggle, ' plot')),
    list.length
      ? h('ol', { class: 'contrib-list', id: 'contrib-list' }, list.map((c, i) => h('li', { 'data-channel': c.channel, 'data-share': c.share.toFixed(4),
          title: `${c.channel}: mean |score| ${fmtNum(c.mean_abs, 3)} over the alarm, ${(c.share * 100).toFixed(1)}% of the total` },
          h('span', { class: 'contrib-name' }, names[i]),
          h('span', { class: 'contrib-bar' }, h('span', { style: `width:${(c.share * 100).toFixed(1)}%;background:${contributionColor(c.channel)}` })),
          h('small', { class: 'muted' }, `${Math.round(c.share * 100)}%`))))
      : h('p', { class: 'muted' }, s.reviewItem ? 'No alarm under this item: no contributions.' : 'Move to an alarm (]) to see which channels drove it.'));
}

// ---------- review on the plot ----------
// The selected run's review items of this unit: open ones from the queue (GET /runs/{id}/review
// filtered to it) and decided ones, wherever they were decided (GET .../review/decisions?unit=). A cursor (] / [) moves over
// them and centres the plot on the item; a / x decide it (a candidate accepted with the chosen
// category; a missed label: "label is right, the model missed it" or, after a confirmation,
// "label is wrong"); U undoes the last decision on this unit. The cursor is in the URL (item=).
export class ReviewPanel {
  private open: ReviewItem[] = [];
  private known = new Map<string, ReviewItem>();    // every item of this unit seen while open
  private decided = new Map<string, Decision>();    // the unit's decisions (the server's), by key
  private recent: ReviewDecisionRow[] = [];
  private queue = serial();
  private loaded = '';                              // the run the items are of
  private category = '';
  wantKey: string | null;                           // the cursor to restore once loaded (the URL's item)

  constructor(private s: UnitState, readonly el: HTMLElement, private onCursor: () => void, item: string | null,
              private onContribToggle: () => void = () => {}) {
    this.wantKey = item;
  }

  items(): ReviewItem[] { return unitItems([...this.known.values()], this.s.unitId); }
  state(key: string): 'open' | 'decided' { return this.open.some((i) => i.key === key) ? 'open' : 'decided'; }

  async load() {
    const s = this.s;
    if (this.loaded !== s.runId) { this.known.clear(); this.decided.clear(); s.reviewItem = null; }
    this.loaded = s.runId;
    if (!s.runId) { this.open = []; this.draw(); return; }
    try {
      const [q, d] = await Promise.all([api.review(s.runId), api.decisions(s.runId, 500, s.unitId)]);
      if (!s.alive || this.loaded !== s.runId) return;
      this.open = unitItems(q.items, s.unitId);
      this.decided.clear();
      for (const it of decidedItems(d.decisions, s.unitId)) if (!this.known.has(it.key)) this.known.set(it.key, it);
      for (const r of d.decisions) if (!this.decided.has(r.key)) this.decided.set(r.key, r.decision);
      for (const it of this.open) { this.known.set(it.key, it); this.decided.delete(it.key); }
      this.recent = d.decisions;
    } catch (e) {
      this.open = [];
      clear(this.el, h('h3', {}, 'Review'), h('p', { class: 'error' }, 'Could not load the run\'s review items: ' + (e as Error).message));
      return;
    }
    const want = this.wantKey ?? s.reviewItem?.key ?? null;
    this.wantKey = null;
    s.reviewItem = (want && this.known.get(want)) || null;
    this.draw();
    s.redrawBands();
    this.onCursor();
  }

  // Moves the cursor by dir and centres the plot on the item.
  step(dir: 1 | -1) {
    const items = this.items();
    const key = stepCursor(items.map((i) => i.key), this.s.reviewItem?.key ?? null, dir);
    if (key) this.goto(key);
  }

  goto(key: string, zoom = true) {
    const s = this.s;
    const it = this.known.get(key);
    if (!it) return;
    s.reviewItem = it;
    if (zoom && s.info) { const [a, b] = itemWindow(it, [s.info.start, s.info.end]); s.setView(a, b); }
    s.redrawBands();
    this.draw();
    this.onCursor();
  }

  // Decisions and undos in the order their keys were pressed (serial.ts).
  decide(d: Decision): Promise<void> { return this.queue(() => this.decideNow(d)); }
  undo(): Promise<void> { return this.queue(() => this.undoNow()); }

  private async decideNow(d: Decision) {
    const s = this.s;
    const it = s.reviewItem;
    if (!s.editable || !s.runId) return;
    if (!it) { toast('No review item selected: ] moves to the next one'); return; }
    if (this.state(it.key) !== 'open') { toast('This item is already decided: U undoes the last decision'); return; }
    if (it.kind === 'missed' && d === 'reject' && !(await confirmReject(it))) return;
    try {
      const cat = it.kind === 'candidate' && d === 'accept' ? (this.category || undefined) : undefined;
      const r = await api.decide(s.runId, it.key, d, cat);
      this.decided.set(it.key, d);
      toast(`${it.kind}: ${decisionText(it.kind, d)}` + (r.label && !(it.kind === 'missed' && d === 'accept') ? ` → label ${r.label.id} (${r.label.status}, ${r.label.category})` : '') + '. U undoes it.');
      // the cursor moves on to the next open item (or stays when none is left)
      const items = this.items();
      const i = items.findIndex((x) => x.key === it.key);
      const next = [...items.slice(i + 1), ...items.slice(0, i).reverse()].find((x) => x.key !== it.key && this.open.some((o) => o.key === x.key));
      this.wantKey = next?.key ?? it.key;
      await Promise.all([this.load(), s.loadLabels()]);
      if (next) this.goto(next.key);
    } catch (e) {
      toast(e instanceof ApiError && e.status === 409 ? 'Conflict: the item changed meanwhile; reloaded.' : 'Could not record the decision: ' + (e as Error).message, 'error');
      await this.load();
    }
  }

  // Undoes the newest decision of mine (an admin: anyone's) on this unit's items.
  private async undoNow() {
    const s = this.s;
    if (!s.editable || !s.runId) return;
    const me = currentSession()?.user;
    const target = this.recent.find((d) => this.known.has(d.key) && (d.who === me?.name || me?.role === 'admin'));
    if (!target) { toast('No review decision of yours on this unit to undo'); return; }
    try {
      await api.undoDecision(s.runId, target.key);
      const kind = kindOfKey(target.key);
      toast(`Undone: ${kind} ${decisionText(kind, target.decision)}; the item is open again.`);
      this.decided.delete(target.key);
      this.wantKey = target.key;
      await Promise.all([this.load(), s.loadLabels()]);
      this.goto(target.key);
    } catch (e) {
      toast('Could not undo: ' + (e as Error).message, 'error');
      await this.load();
    }
  }

  draw() {
    const s = this.s;
    this.el.classList.toggle('hidden', !s.runId);
    if (!s.runId) { clear(this.el); return; }
    const items = this.items();
    const cur = s.reviewItem;
    const nOpen = items.filter((i) => this.state(i.key) === 'open').length;
    const list = h('ul', { class: 'plot-review-list', id: 'plot-review-list' }, items.map((it) => {
      const st = this.state(it.key);
      const d = this.decided.get(it.key);
      return h('li', { 'data-key': it.key, 'data-kind': it.kind, 'data-state': st, class: `${st}` + (cur?.key === it.key ? ' current' : ''),
        title: `${fmtTime(it.start)} – ${fmtTime(it.end)} UTC`, onclick: () => this.goto(it.key) },
        h('span', { class: `pill ${it.kind === 'missed' ? 'proposed' : 'alarm'}` }, it.kind),
        h('span', {}, s.fmt(it.start)), h('small', { class: 'muted' }, fmtDuration(it.end - it.start)),
        h('small', { class: 'muted' }, `score ${fmtNum(it.score, 2)}`),
        it.kind === 'missed' ? h('small', { class: 'muted' }, `label ${it.label_id}`) : null,
        h('small', { class: 'state' }, st === 'open' ? 'open' : `decided${d ? ': ' + decisionText(it.kind, d) : ''}`));
    }));
    const missed = cur?.kind === 'missed';
    const catSel = h('select', { id: 'plot-review-category', title: 'Category of the label an accepted candidate becomes' },
      h('option', { value: '' }, 'unknown_anomaly (default)'), s.categories.map((c) => h('option', { value: c.name }, c.name)));
    catSel.value = this.category;
    catSel.addEventListener('change', () => { this.category = catSel.value; catSel.blur(); });
    const canDecide = !!cur && this.state(cur.key) === 'open';
    clear(this.el,
      h('div', { class: 'side-head' }, h('h3', {}, `Review (${nOpen} open)`),
        h('a', { id: 'plot-review-queue-link', href: queueLink(s.runId, cur?.key ?? null), title: 'The run\'s review queue at this item' }, 'queue →')),
      items.length ? list : h('p', { class: 'muted' }, 'No review items of this run on this unit.'),
      contribSection(s, this.onContribToggle),
      s.editable ? h('div', { class: 'actions' },
        !missed ? h('label', { class: 'inline' }, 'as ', catSel) : null,
        h('button', { id: 'plot-review-accept', class: 'ok', disabled: !canDecide,
          title: missed ? 'a: the label is right, the model missed it (the label stays as it is)' : 'a: accept as a new label', onclick: () => this.decide('accept') },
        missed ? 'Label is right — model missed it' : 'Accept'),
        h('button', { id: 'plot-review-reject', class: 'bad', disabled: !canDecide,
          title: missed ? 'x: the label is wrong: rejects the label itself (asks first)' : 'x: reject the candidate', onclick: () => this.decide('reject') },
        missed ? 'Label is wrong…' : 'Reject'),
        h('button', { id: 'plot-review-undo', title: 'U: undo the last review decision on this unit', onclick: () => this.undo() }, 'Undo decision')) : null,
      h('p', { class: 'hint' }, '] / [ next / previous item' + (s.editable ? '; a accept (missed: label is right), x reject (missed: label is wrong, asks first); U undo' : '')));
  }
}
