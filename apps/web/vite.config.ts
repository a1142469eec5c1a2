import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import components from 'unplugin-vue-components/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';

// The web app is built into dist/web and served by the API process itself (apps/api/src/web.ts):
// one origin, no CDN, every script and style a file of the bundle (the CSP allows 'self' only).
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  // Element Plus on demand: each page bundles the components (and their styles) it uses, so the
  // first page does not load and parse the whole kit.
  plugins: [vue(), components({ resolvers: [ElementPlusResolver({ importStyle: 'css', directives: true })], dts: false })],
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    // Keeps the build fast in every `npm test`; the sizes are known and served from the local network.
    reportCompressedSize: false,
    chunkSizeWarningLimit: 2000,
    sourcemap: false,
  },
});
