import { join } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { catalogFileLoaders, i18nCatalogs } from './scripts/i18n-catalogs.ts';
import { allowingDevelopmentPreamble, pageContentSecurityPolicy } from './src/main/content-security-policy.ts';

const messagesDir = join(import.meta.dirname, 'src/shared/i18n/messages');

// electron-vite's conventional entries: src/main/index.ts, src/preload/index.ts and
// src/renderer/index.html, built into out/main, out/preload and out/renderer.
export default defineConfig({
  // Main reads one sentence of the window's catalogs when a launch fails (start-up-failure.ts).
  main: { plugins: [catalogFileLoaders({ messagesDir })] },
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
      i18nCatalogs({ messagesDir }),
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
