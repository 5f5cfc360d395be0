import type { CSSProperties } from 'react';
import { characterCount, codeGroups, spellOut } from '../format.ts';
import { useTranslate } from '../i18n.ts';
import { CodeGroups } from './CodeGroups.tsx';

/** Roughly how wide one character of the code is, in ems (a monospace advance plus its spacing). */
const emsPerCharacter = 0.64;
const emsPerGap = 0.4;

/**
 * The code to type on the other device: the largest thing on the screen, on one line whatever
 * the window's width (the font is sized from the width the code has), in groups of 3-4 with
 * drawn gaps. The text is the code exactly, so a selection copies it raw; screen readers get it
 * spelled out character by character. It reads left to right in every language. Once it has run
 * out it is greyed: it no longer works anywhere.
 */
export function UserCode({ code, expired }: { readonly code: string; readonly expired: boolean }) {
  const t = useTranslate();
  const groups = codeGroups(code);
  const characters = groups.reduce((sum, group) => sum + characterCount(group.text), 0);
  const gaps = groups.filter((group) => group.gap).length;
  // Set through the DOM's style object, which the page's CSP allows (it forbids style attributes in markup).
  const width = { '--code-ems': String(characters * emsPerCharacter + gaps * emsPerGap + 0.2) } as CSSProperties;
  return (
    <div className={expired ? 'user-code expired' : 'user-code'}>
      <p className="user-code-value" style={width} dir="ltr">
        <span className="sr-only">{t('code.spoken', { characters: spellOut(code, t('code.dash')) })}</span>
        <span aria-hidden="true" data-testid="user-code">
          <CodeGroups code={code} />
        </span>
      </p>
    </div>
  );
}
