// A label being drawn survives a reload or an expired session: the new-label form keeps its
// range, category, confidence and notes in sessionStorage until it is saved or cancelled, and
// the unit view reopens the form from it.

export interface LabelDraft { unit: string; start: number; end: number; category: string; confidence: string; notes: string }
const KEY = 'heatloop.labelDraft';

export function saveDraft(d: LabelDraft) { sessionStorage.setItem(KEY, JSON.stringify(d)); }
export function clearDraft() { sessionStorage.removeItem(KEY); }
export function loadDraft(unit: string): LabelDraft | null {
  try {
    const d = JSON.parse(sessionStorage.getItem(KEY) ?? 'null');
    if (d && d.unit === unit && Number.isFinite(d.start) && Number.isFinite(d.end) && d.end > d.start) return d as LabelDraft;
  } catch { /* a broken draft is dropped below */ }
  return null;
}
