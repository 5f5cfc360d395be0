import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Plugin } from 'vite';
import { describe, expect, it } from 'vitest';
import viteConfig from '../../electron.vite.config.ts';
import {
  developmentContentSecurityPolicy,
  headerContentSecurityPolicy,
  pageContentSecurityPolicy,
} from '../../src/main/content-security-policy.ts';

const indexHtml = () => readFile(resolve(import.meta.dirname, '../../src/renderer/index.html'), 'utf8');
const metaPolicy = (html: string) => /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];

describe('the Content Security Policy of the page', () => {
  it("carries the same Content Security Policy in its <meta> as main's header", async () => {
    expect(metaPolicy(await indexHtml())).toBe(pageContentSecurityPolicy);
  });

  it("lets only the Fast Refresh preamble and Vite's injected stylesheets through on the dev server, in header and <meta>", async () => {
    const added = (policy: string) =>
      policy.split('; ').filter((directive) => !headerContentSecurityPolicy.split('; ').includes(directive));
    const relaxed = ["script-src 'self' 'unsafe-inline'", "style-src 'self' 'unsafe-inline'"];
    expect(added(developmentContentSecurityPolicy)).toEqual(relaxed);

    const plugins = (viteConfig as { renderer: { plugins: Plugin[] } }).renderer.plugins.flat();
    const devPlugin = plugins.find((plugin) => plugin.name === 'dev-csp-allows-refresh-preamble');
    expect(devPlugin?.apply).toBe('serve');
    const rewrite = devPlugin?.transformIndexHtml as ((html: string) => string) | undefined;
    const served = metaPolicy(rewrite?.(await indexHtml()) ?? '');
    expect(served).toBeDefined();
    expect(added(`${served ?? ''}; frame-ancestors 'none'`)).toEqual(relaxed);
  });
});
