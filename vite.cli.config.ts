import { chmod } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { defineConfig } from 'vite';
import packageJson from './package.json' with { type: 'json' };

// The `device-signin` command line (package.json `bin`): one ES module for Node, with the core
// bundled in and every dependency and Node built-in left to `import` at run time.
export default defineConfig({
  define: { DEVICE_SIGNIN_VERSION: JSON.stringify(packageJson.version) },
  ssr: { target: 'node' },
  build: {
    ssr: 'src/cli/entry.ts',
    outDir: 'out/cli',
    emptyOutDir: true,
    target: 'node22',
    sourcemap: false,
    minify: false,
    rolldownOptions: {
      external: [...builtinModules, /^node:/, ...Object.keys(packageJson.dependencies)],
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
            { name: 'usage', test: /[\\/]src[\\/]cli[\\/]usage\.ts$/, priority: 2 },
            { name: 'main', test: /[\\/]src[\\/]cli[\\/]main\.ts$/, priority: 1 },
          ],
        },
        banner: '#!/usr/bin/env node',
      },
    },
  },
  plugins: [
    {
      name: 'device-signin-executable',
      // So that `./out/cli/device-signin.js` runs directly, not only through npm's bin link.
      async writeBundle(options) {
        if (options.dir !== undefined) await chmod(join(options.dir, 'device-signin.js'), 0o755);
      },
    },
  ],
});
