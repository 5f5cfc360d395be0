import { Fragment } from 'react';

/** After a dot or a slash: where a host or a path may end a line ("login." / "microsoftonline." / "com"). */
const afterDotOrSlash = /(?<=[./])/u;
/** Also after "@": where an email address may end a line. */
const afterAtDotOrSlash = /(?<=[@./])/u;

function withBreaks(text: string, after: RegExp) {
  const [first = '', ...rest] = text.split(after);
  return (
    <>
      {first}
      {rest.map((piece, index) => (
        <Fragment key={index}>
          <wbr />
          {piece}
        </Fragment>
      ))}
    </>
  );
}

/**
 * A host, a URL's path or an organization's name that may wrap only after a dot or a slash: at
 * 200 % "login.microsoftonline.com" keeps whole labels on each line instead of splitting one
 * (the stylesheet's `break-word` is left only for a label wider than the whole line).
 */
export function Breakable({ text }: { readonly text: string }) {
  return withBreaks(text, afterDotOrSlash);
}

/** An email address that may wrap only after "@" or a dot. */
export function BreakableEmail({ text }: { readonly text: string }) {
  return withBreaks(text, afterAtDotOrSlash);
}

/** Where a heading signs in (an organization or a host), isolated in any language's sentence and broken only after a dot. */
export function Place({ text, className }: { readonly text: string; readonly className?: string }) {
  return (
    <bdi className={className}>
      <Breakable text={text} />
    </bdi>
  );
}
