import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));

/** The estimator's web app: built into web/dist, served by the API server (src/http/web-app.plugin.ts). */
export default defineConfig({
  root,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, assetsDir: 'assets', sourcemap: true },
  // `vite` in web/ for development: the API runs on 3000 (npm start), pages and modules come from here
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
