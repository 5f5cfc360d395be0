import { codeGroups } from '../format.ts';

/**
 * The user code in the groups a person reads and types (format.ts's codeGroups), the gaps drawn
 * by the stylesheet: the text is the code exactly, so a selection copies it raw. The big code and
 * the code in the trust line use the same groups, so both read "BCDF GHJK LMNP".
 */
export function CodeGroups({ code }: { readonly code: string }) {
  return codeGroups(code).map((group, index) => (
    <span key={index} className={group.gap ? 'code-group gap' : 'code-group'}>
      {group.text}
    </span>
  ));
}
