import { defineConfig } from 'vite';

// The server serves `<exe dir>/web`, i.e. build/web for build/heatloop.
export default defineConfig({
  base: '/',
  build: {
    outDir: '../build/web',
    emptyOutDir: true,
    chunkSizeWarningLimit: 600,
  },
  server: {
    proxy: { '/api': process.env.HEATLOOP_URL ?? 'http://127.0.0.1:8080' },
  },
});
