/**
 * Loaded with `--import` into the process that runs the built main bundle: serves the stand-in
 * (stand-in-electron.ts) for `electron`, to `import` and `require` alike, through Node's
 * synchronous module hooks (https://nodejs.org/api/module.html#moduleregisterhooksoptions).
 * STAND_IN_PLATFORM makes the process report another OS, for the paths that only run there.
 */
import { registerHooks } from 'node:module';

const standIn = new URL('./stand-in-electron.ts', import.meta.url).href;

registerHooks({
  resolve: (specifier, context, nextResolve) =>
    specifier === 'electron' ? { url: standIn, shortCircuit: true } : nextResolve(specifier, context),
});

const platform = process.env['STAND_IN_PLATFORM'];
if (platform !== undefined) Object.defineProperty(process, 'platform', { value: platform });
