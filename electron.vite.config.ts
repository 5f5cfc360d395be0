import { join } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { i18nCatalogs } from './scripts/i18n-catalogs.ts';
import { allowingDevelopmentPreamble, pageContentSecurityPolicy } from './src/main/content-security-policy.ts';

// electron-vite's conventional entries: src/main/index.ts, src/preload/index.ts and
// src/renderer/index.html, built into out/main, out/preload and out/renderer.
export default defineConfig({
  main: {},
  preload: {
    build: {
      rolldownOptions: {
        // A sandboxed preload cannot be an ES module; main loads out/preload/index.cjs.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    build: { minify: true, sourcemap: process.env.RENDERER_SOURCEMAP === '1' },
    plugins: [
      react(),
      i18nCatalogs({ messagesDir: join(import.meta.dirname, 'src/shared/i18n/messages') }),
      {
        // Dev server only: React Fast Refresh injects an inline script that the strict CSP <meta> would block.
        name: 'dev-csp-allows-refresh-preamble',
        apply: 'serve',
        transformIndexHtml: (html: string) =>
          html.replace(pageContentSecurityPolicy, allowingDevelopmentPreamble(pageContentSecurityPolicy)),
      },
    ],
  },
});
