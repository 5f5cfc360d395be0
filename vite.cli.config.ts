import { chmod } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import { i18nCatalogs, readSourceCatalog } from './scripts/i18n-catalogs.ts';
import { compileCatalog } from './scripts/i18n/compile.ts';
import { pseudoCatalog } from './scripts/i18n/pseudo.ts';
import { earlyMessageIds } from './src/cli/early-message-ids.ts';
import { cliLocales } from './src/shared/i18n/catalog-sets.ts';
import { pseudoLocale, sourceLocale } from './src/shared/i18n/locales.ts';
import packageJson from './package.json' with { type: 'json' };

const cliMessagesDir = join(import.meta.dirname, 'src/shared/i18n/messages/cli');

/**
 * `virtual:cli-early-words`: the early messages (src/cli/early-message-ids.ts) of every language
 * and the pseudo-locale, compiled from the catalogs as the catalogs are and kept as plain text.
 * A message with a placeholder, plural or select needs Lingui at run time: it fails the build.
 */
function earlyWords(): Plugin {
  const id = 'virtual:cli-early-words';
  return {
    name: 'device-signin-early-words',
    resolveId: (source) => (source === id ? `\0${id}` : undefined),
    async load(resolved) {
      if (resolved !== `\0${id}`) return undefined;
      const texts: Record<string, Record<string, string>> = {};
      for (const locale of [...cliLocales, pseudoLocale]) {
        const file = locale === pseudoLocale ? sourceLocale : locale;
        this.addWatchFile(join(cliMessagesDir, `${file}.json`));
        const catalog = await readSourceCatalog(cliMessagesDir, file);
        const source = Object.fromEntries(
          earlyMessageIds.map((message) => [message, catalog[message] ?? this.error(`${file} has no ${message}`)]),
        );
        const compiled = locale === pseudoLocale ? pseudoCatalog(source) : compileCatalog(source);
        texts[locale] = Object.fromEntries(
          Object.entries(compiled).map(([message, tokens]) => {
            const text = tokens.filter((token) => typeof token === 'string');
            if (text.length !== tokens.length) this.error(`${message} (${locale}) has a placeholder, so it cannot be an early message`);
            return [message, text.join('')];
          }),
        );
      }
      return `export default ${JSON.stringify(texts)};`;
    },
  };
}

// The `device-signin` command line (package.json `bin`): one ES module for Node, with the core
// bundled in and every dependency and Node built-in left to `import` at run time.
export default defineConfig({
  define: {
    DEVICE_SIGNIN_VERSION: JSON.stringify(packageJson.version),
    // Lingui's runtime compiles uncompiled messages outside production only; ours are compiled
    // at build time, so its ICU parser is left out of the bundle (Node would load it for --help).
    'process.env.NODE_ENV': JSON.stringify('production'),
  },
  ssr: { target: 'node', noExternal: ['@lingui/core'] },
  build: {
    ssr: 'src/cli/entry.ts',
    outDir: 'out/cli',
    emptyOutDir: true,
    target: 'node22',
    sourcemap: false,
    minify: false,
    rolldownOptions: {
      // Lingui's runtime is bundled (above); every other dependency is loaded from node_modules.
      external: [...builtinModules, /^node:/, ...Object.keys(packageJson.dependencies).filter((name) => name !== '@lingui/core')],
      output: {
        format: 'es',
        entryFileNames: 'device-signin.js',
        // Each command's code in a chunk of its own, beside the entry (settings.ts finds the
        // installation's resources/ relative to its own file).
        chunkFileNames: '[name]-[hash].js',
        // Everything main.ts imports statically in one chunk: each file Node loads costs `token`
        // about a millisecond, and every command goes through main.ts anyway. The help text and
        // what it needs in a chunk of their own, which `--help` loads alone.
        codeSplitting: {
          groups: [
            { name: 'usage', test: /[\\/]src[\\/]cli[\\/](usage|locale)\.ts$/, priority: 2 },
            { name: 'main', test: /[\\/]src[\\/]cli[\\/]main\.ts$/, priority: 1 },
          ],
        },
        banner: '#!/usr/bin/env node',
      },
    },
  },
  plugins: [
    // The command line's own catalogs, never the window's: `virtual:cli-catalog/<locale>`.
    i18nCatalogs({
      messagesDir: cliMessagesDir,
      locales: cliLocales,
      prefix: 'virtual:cli-catalog/',
    }),
    earlyWords(),
    {
      name: 'device-signin-executable',
      // So that `./out/cli/device-signin.js` runs directly, not only through npm's bin link.
      async writeBundle(options) {
        if (options.dir !== undefined) await chmod(join(options.dir, 'device-signin.js'), 0o755);
      },
    },
  ],
});
