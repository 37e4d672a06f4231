import { api, setSession, ApiError } from '../api';
import { h } from '../dom';
import type { Route } from '../routes';
import { toggleHelp } from '../help';

export function renderLogin(main: HTMLElement, r: Route) {
  const err = h('p', { class: 'error', id: 'login-error', role: 'alert' });
  const user = h('input', { id: 'username', name: 'username', autocomplete: 'username', required: true, autofocus: true });
  const pass = h('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const btn = h('button', { type: 'submit', id: 'sign-in' }, 'Sign in');
  const form = h('form', { class: 'login card' },
    h('h1', {}, 'heatloop'),
    h('p', { class: 'muted' }, 'Label review for heat-pump fleets'),
    r.query.get('expired') ? h('p', { class: 'notice', id: 'login-expired' }, 'Your session has ended. Sign in again to go back to where you were.') : null,
    h('label', {}, 'User', user),
    h('label', {}, 'Password', pass),
    btn, err,
    h('p', { class: 'hint' }, h('button', { type: 'button', class: 'link help-btn', id: 'login-help', title: 'Keyboard shortcuts (?)', onclick: () => toggleHelp() }, '?'), ' keyboard shortcuts'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    err.textContent = '';
    btn.disabled = true;
    try {
      setSession(await api.signIn(user.value.trim(), pass.value));
      const next = r.query.get('next');
      location.hash = next && next.startsWith('#/') && !next.startsWith('#/login') ? next : '#/';
    } catch (ex) {
      err.textContent = ex instanceof ApiError && ex.status === 401
        ? 'Wrong user name or password.' : String((ex as Error).message);
    } finally {
      btn.disabled = false;
    }
  });
  main.classList.add('center');
  main.appendChild(form);
  user.focus();
}
