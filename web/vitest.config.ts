import { defineConfig } from 'vitest/config';

// Front-end unit tests of pure logic (test/*.test.ts), run in node: `npm test`.
export default defineConfig({
  test: { include: ['test/**/*.test.ts'], environment: 'node' },
});
