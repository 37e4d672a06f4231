import { describe, it, expect } from 'vitest';
import { noteByline, noteBytes, MAX_NOTE_BYTES } from '../src/pages/run_note';

describe('run notes', () => {
  it('names who saved which version when, or says there is none', () => {
    expect(noteByline({ run_id: 'r', version: 0, text: '', author: null, written_at: null })).toBe('No note yet.');
    expect(noteByline({ run_id: 'r', version: 3, text: 'x', author: 'alice', written_at: Date.UTC(2026, 11, 7, 0, 12) }))
      .toBe('Version 3, saved by alice at 2026-12-07 00:12 UTC');
  });
  it('counts UTF-8 bytes as the server does, not characters', () => {
    expect(noteBytes('abc')).toBe(3);
    expect(noteBytes('é—')).toBe(5);
    expect(MAX_NOTE_BYTES).toBe(65536);
  });
});
