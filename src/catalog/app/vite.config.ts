// The catalog's Vite config. `npm run build` builds it into dist/catalog/
// (scripts/build-catalog.mjs); `npm run dev:catalog` serves it with hot reload
// and proxies /graphql (HTTP and WebSocket) to VITE_GATEWAY_URL (default
// http://127.0.0.1:4000), so the page talks to any gateway as it does when
// the gateway serves it: same origin, no CORS.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));
const gateway = process.env.VITE_GATEWAY_URL ?? 'http://127.0.0.1:4000';

export default defineConfig({
  root: here,
  // The gateway serves the page at / and its assets under /catalog/assets/ (src/catalog/index.ts).
  base: '/catalog/',
  plugins: [react()],
  build: {
    outDir: path.resolve(here, '../../../dist/catalog'),
    emptyOutDir: true,
    target: 'es2022',
    // No inline scripts or data: URLs for assets: the page's CSP allows 'self' only.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  server: {
    host: '127.0.0.1',
    proxy: { '/graphql': { target: gateway, ws: true, changeOrigin: true } },
  },
});
