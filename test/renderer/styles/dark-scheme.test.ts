/**
 * The window's dark scheme changes colours and nothing else: every declaration inside a
 * `prefers-color-scheme: dark` block of its stylesheets sets a colour (a custom property holding
 * one, a colour property, or a brightness filter). The screens suites rely on it: in dark they
 * run again only axe's colour rules (test/support/window-checks.ts), since nothing else can
 * come out differently.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import axe from 'axe-core';
import { describe, expect, it } from 'vitest';
import { colourRules } from '../../support/window-checks.ts';

const stylesDir = resolve(import.meta.dirname, '../../../src/renderer/src/styles');
const colourProperties = new Set(['color', 'background-color', 'border-color', 'outline-color']);
const colourValue = /^(#[0-9a-f]{3,8}|(rgb|rgba|hsl|hsla|oklch)\([^)]*\)|transparent|currentcolor)$/i;

/** The bodies of the `@media (prefers-color-scheme: dark)` blocks of `css`, braces balanced. */
function darkBlocks(css: string): string[] {
  const blocks: string[] = [];
  for (const match of css.matchAll(/@media\s*\(\s*prefers-color-scheme:\s*dark\s*\)\s*\{/g)) {
    let depth = 1;
    let end = match.index + match[0].length;
    while (depth > 0 && end < css.length) {
      if (css[end] === '{') depth += 1;
      if (css[end] === '}') depth -= 1;
      end += 1;
    }
    blocks.push(css.slice(match.index + match[0].length, end - 1));
  }
  return blocks;
}

/** Each declaration of a block that sets something other than a colour, as `property: value`. */
function notColours(block: string): string[] {
  const declarations = [...block.replace(/\/\*[\s\S]*?\*\//g, '').matchAll(/([-\w]+)\s*:\s*([^;{}]+);/g)];
  return declarations
    .map(([, property = '', value = '']) => [property.trim(), value.trim()] as const)
    .filter(([property, value]) => {
      if (property.startsWith('--') || colourProperties.has(property)) return !colourValue.test(value);
      return !(property === 'filter' && /^brightness\([\d.]+\)$/.test(value));
    })
    .map(([property, value]) => `${property}: ${value}`);
}

describe("the window's dark scheme", () => {
  it('sets colours only, in every stylesheet', async () => {
    const files = (await readdir(stylesDir)).filter((name) => name.endsWith('.css'));
    const found: Record<string, string[]> = {};
    let blocks = 0;
    for (const file of files) {
      for (const block of darkBlocks(await readFile(join(stylesDir, file), 'utf8'))) {
        blocks += 1;
        const others = notColours(block);
        if (others.length > 0) found[file] = [...(found[file] ?? []), ...others];
      }
    }
    expect(blocks, 'the stylesheets have a dark scheme at all').toBeGreaterThan(0);
    expect(found).toEqual({});
  });

  it('tells a declaration that is not a colour from one that is', () => {
    expect(notColours('.a { --bg: #16181d; color: rgb(1 2 3); filter: brightness(0.86); border-color: transparent; }')).toEqual([]);
    expect(notColours('.a { --gap: 12px; display: none; filter: blur(2px); }')).toEqual([
      '--gap: 12px',
      'display: none',
      'filter: blur(2px)',
    ]);
  });

  it('names rules axe has, so that the dark pass runs what it says', () => {
    const known = new Set(axe.getRules().map((rule) => rule.ruleId));
    expect(colourRules.filter((rule) => !known.has(rule))).toEqual([]);
  });
});
