import { describe, it, expect } from 'vitest';
import { isTextEntry, shortcutAllowed, controlUsesKey } from '../src/keys';

const ev = (tagName: string, key: string, type?: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) =>
  ({ target: { tagName, type } as unknown as EventTarget, key, ctrlKey: false, metaKey: false, altKey: false, ...mods });

describe('keyboard shortcut targets', () => {
  it('leaves text entry alone', () => {
    expect(shortcutAllowed(ev('INPUT', 'n', 'text'))).toBe(false);
    expect(shortcutAllowed(ev('INPUT', 'n', 'search'))).toBe(false);
    expect(shortcutAllowed(ev('INPUT', 'n', 'number'))).toBe(false);
    expect(shortcutAllowed(ev('TEXTAREA', 'n'))).toBe(false);
    expect(isTextEntry({ tagName: 'DIV', isContentEditable: true })).toBe(true);
  });
  it('takes shortcuts from a focused select or checkbox', () => {
    expect(shortcutAllowed(ev('SELECT', 'n'))).toBe(true);
    expect(shortcutAllowed(ev('INPUT', 'z', 'checkbox'))).toBe(true);
    expect(shortcutAllowed(ev('INPUT', 'l', 'radio'))).toBe(true);
    expect(shortcutAllowed(ev('BUTTON', 'n'))).toBe(true);
    expect(controlUsesKey({ tagName: 'SELECT' }, 'n')).toBe(true);   // so the page prevents the type-ahead
  });
  it('lets a focused control keep space and Enter', () => {
    expect(shortcutAllowed(ev('INPUT', ' ', 'checkbox'))).toBe(false);
    expect(shortcutAllowed(ev('BUTTON', 'Enter'))).toBe(false);
  });
  it('ignores modifier chords', () => {
    expect(shortcutAllowed(ev('BODY', 'c', undefined, { ctrlKey: true }))).toBe(false);
    expect(shortcutAllowed(ev('BODY', 'n', undefined, { metaKey: true }))).toBe(false);
    expect(shortcutAllowed(ev('BODY', 'n'))).toBe(true);
    expect(shortcutAllowed({ target: null, key: 'n', ctrlKey: false, metaKey: false, altKey: false })).toBe(true);
  });
});
