// "The label is wrong" rejects a label someone made: asked first, in a dialog (Enter or y
// confirms, Escape cancels). Shared by the review queue and review on the plot.
import type { ReviewItem } from './api';
import { h, fmtTime } from './dom';

export function confirmReject(it: ReviewItem): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (ok: boolean) => { ov.remove(); document.removeEventListener('keydown', onDlgKey, true); resolve(ok); };
    const onDlgKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') { e.preventDefault(); e.stopImmediatePropagation(); done(false); }
      else if (e.key === 'Enter' || e.key === 'y') { e.preventDefault(); e.stopImmediatePropagation(); done(true); }
    };
    const ov = h('div', { class: 'overlay', id: 'confirm-reject-dialog' },
      h('div', { class: 'dialog' },
        h('h2', {}, `Reject label ${it.label_id}?`),
        h('p', {}, `This marks the ${it.category ?? ''} label on ${it.unit_id} (${fmtTime(it.start)} – ${fmtTime(it.end)}) as wrong. ` +
          'If the label is right and the model missed it, choose "Label is right — model missed it" instead.'),
        h('div', { class: 'buttons' },
          h('button', { class: 'bad', id: 'confirm-reject', onclick: () => done(true) }, 'Reject the label (Enter)'),
          h('button', { id: 'cancel-reject', onclick: () => done(false) }, 'Cancel (Esc)'))));
    document.body.appendChild(ov);
    document.addEventListener('keydown', onDlgKey, true);
    (ov.querySelector('#cancel-reject') as HTMLButtonElement).focus();
  });
}
