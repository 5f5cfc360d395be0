import { create } from 'qrcode/lib/core/qrcode.js';
import { useMemo, type CSSProperties } from 'react';

/** The quiet zone the QR specification asks for, in modules (ISO/IEC 18004 §6.3.8). */
const quietZone = 4;
/** A phone at arm's length needs modules at least this big, in CSS pixels. */
const minModulePx = 4;

interface QrPath {
  readonly side: number;
  readonly d: string;
}

/**
 * One SVG path with a unit square for every dark module, each row's runs merged. Built from
 * the module matrix rather than a rendered string so that nothing is injected as markup.
 */
function qrPath(text: string): QrPath {
  const { modules } = create(text, { errorCorrectionLevel: 'M' });
  const size = modules.size;
  const commands: string[] = [];
  for (let row = 0; row < size; row += 1) {
    let column = 0;
    while (column < size) {
      if (!modules.get(row, column)) {
        column += 1;
        continue;
      }
      const start = column;
      while (column < size && modules.get(row, column)) column += 1;
      commands.push(`M${start + quietZone} ${row + quietZone}h${column - start}v1h-${column - start}z`);
    }
  }
  return { side: size + 2 * quietZone, d: commands.join('') };
}

/**
 * The QR code of the verification page, as wide as its place in the layout allows (the
 * stylesheet decides) but never under 4 px a module. Always dark modules on a light quiet zone,
 * whatever the colour scheme: many phone readers cannot read an inverted code. One that no phone
 * can open (a page on this computer) is dimmed; an expired one is dimmed further and hidden from
 * screen readers: it would only lead to a dead page.
 */
export function QrCode(props: { readonly text: string; readonly label: string; readonly look: 'live' | 'dimmed' | 'expired' }) {
  const { text, label, look } = props;
  const { side, d } = useMemo(() => qrPath(text), [text]);
  // Through the DOM's style object, which the page's CSP allows (it forbids style attributes in markup).
  const smallest = { '--qr-min': `${side * minModulePx + 2}px` } as CSSProperties;
  return (
    <div className={look === 'live' ? 'qr-frame' : `qr-frame ${look}`} style={smallest} aria-hidden={look === 'expired' ? true : undefined}>
      <svg className="qr" role="img" aria-label={label} viewBox={`0 0 ${side} ${side}`} shapeRendering="crispEdges">
        <rect width={side} height={side} fill="#ffffff" />
        <path d={d} fill="#000000" />
      </svg>
    </div>
  );
}
