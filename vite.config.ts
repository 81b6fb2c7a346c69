import { defineConfig } from 'vite';

/** Where `vite` (dev) forwards API and Socket.IO calls: a fleet server started separately. */
const devServerTarget = process.env.FLEET_SERVER_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  root: 'web',
  publicDir: 'public',
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    // MapLibre alone is ~1 MB; one chunk for it is expected.
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: {
      '/api': { target: devServerTarget },
      '/socket.io': { target: devServerTarget, ws: true },
    },
  },
});
