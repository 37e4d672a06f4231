// The keyboard-shortcut help overlay, shared by every page (the `?` key and the header's and
// the sign-in page's `?` buttons).
import { h } from './dom';

const SHORTCUTS: [string, string][] = [
  ['n / p', 'next / previous label'],
  ['j / k', 'next / previous unit'],
  ['c', 'confirm the selected label'],
  ['r', 'reject the selected label'],
  ['s', 'split the selected label at the cursor'],
  ['Delete', 'delete the selected label (admin)'],
  ['l', 'toggle drag mode: zoom / draw label (Shift+drag draws too)'],
  ['z / Escape', 'zoom out to the whole range (Escape first closes forms)'],
  ['← / →', 'pan; mouse wheel zooms, Shift+wheel pans'],
  ['u', 'undo the last edit'],
  ['] / [', 'unit view with a run: next / previous review item (centres the plot on it)'],
  ['a / x', 'review queue, unit view with a run: accept / reject the current item'],
  ['U', 'unit view with a run: undo the last review decision on the unit'],
  ['↓ / ↑', 'review queue: next / previous item; Enter opens it on the unit plot'],
  ['?', 'this help'],
];
export function closeHelp() { document.getElementById('help-overlay')?.remove(); }
export function toggleHelp() {
  if (document.getElementById('help-overlay')) { closeHelp(); return; }
  const ov = h('div', { id: 'help-overlay', class: 'overlay', onclick: (e: Event) => { if (e.target === ov) closeHelp(); } },
    h('div', { class: 'dialog' },
      h('h2', {}, 'Keyboard shortcuts'),
      h('table', { class: 'shortcuts' }, SHORTCUTS.map(([k, d]) => h('tr', {}, h('td', {}, h('kbd', {}, k)), h('td', {}, d)))),
      h('button', { onclick: closeHelp }, 'Close')));
  document.body.appendChild(ov);
}
