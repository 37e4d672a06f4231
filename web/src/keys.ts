// Which keyboard events the page shortcuts may take. Text entry keeps its keys; a focused
// select, checkbox, radio or button does not swallow the shortcuts (the page handles the key
// and prevents the control's own default, so a select keeps its value).

export interface KeyTarget { tagName: string; type?: string; isContentEditable?: boolean }

const TEXT_INPUTS = new Set(['', 'text', 'search', 'email', 'password', 'number', 'tel', 'url',
  'date', 'datetime-local', 'month', 'time', 'week']);

// True when the focused element is where the user types text: the key belongs to it.
export function isTextEntry(t: KeyTarget | null | undefined): boolean {
  if (!t) return false;
  if (t.isContentEditable) return true;
  const tag = t.tagName.toUpperCase();
  if (tag === 'TEXTAREA') return true;
  if (tag === 'INPUT') return TEXT_INPUTS.has((t.type ?? '').toLowerCase());
  return false;
}

// True when a focused control would act on this key itself (a select's type-ahead and arrows,
// space on a checkbox or button, Enter on a button): the shortcut must then prevent that.
export function controlUsesKey(t: KeyTarget | null | undefined, key: string): boolean {
  if (!t) return false;
  const tag = t.tagName.toUpperCase();
  if (tag === 'SELECT') return key.length === 1 || key.startsWith('Arrow') || key === 'Home' || key === 'End';
  if (tag === 'BUTTON' || tag === 'A' || (tag === 'INPUT' && !isTextEntry(t))) return key === ' ' || key === 'Enter';
  return false;
}

// A page shortcut handler's gate: skip text entry, modifier chords, and the keys a focused
// control needs to work (space/Enter).
export function shortcutAllowed(e: { target: EventTarget | null; key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean }): boolean {
  if (e.ctrlKey || e.metaKey || e.altKey) return false;
  const t = e.target as unknown as KeyTarget | null;
  if (isTextEntry(t)) return false;
  if (t && t.tagName && t.tagName.toUpperCase() !== 'SELECT' && controlUsesKey(t, e.key)) return false;
  return true;
}
