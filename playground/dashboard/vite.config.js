// Builds the dashboard into dist/, which the Go binary embeds and serves at
// /_/. `npm run dev` serves it on :5173 with the API proxied to a local
// `monobase serve` on :8090.
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

const api = 'http://127.0.0.1:8090';

export default defineConfig({
  base: '/_/',
  plugins: [svelte({
    configFile: false,
    compilerOptions: {
      // Panels copy their props once, when they open, on purpose: an edit
      // form must not change under the user when the list reloads.
      warningFilter: (w) => w.code !== 'state_referenced_locally',
    },
  })],
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
    target: 'es2022',
    // the page's CSP has no 'unsafe-inline': no inline scripts or styles
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: false,
    reportCompressedSize: false,
  },
  server: {
    proxy: { '/api': api, '/graphql': { target: api, ws: true }, '/graphiql': api },
  },
});
