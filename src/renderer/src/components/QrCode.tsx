import { create } from 'qrcode';
import { useMemo } from 'react';

/** The quiet zone the QR specification asks for, in modules (ISO/IEC 18004 §6.3.8). */
const quietZone = 4;
/** Roughly how wide the code is drawn, in CSS pixels. */
const targetSize = 240;
/** A phone at arm's length needs modules at least this big. */
const minModulePx = 4;

interface QrPath {
  readonly side: number;
  readonly modulePx: number;
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
  const side = size + 2 * quietZone;
  return { side, modulePx: Math.max(minModulePx, Math.floor(targetSize / side)), d: commands.join('') };
}

/**
 * The QR code of the verification page. Always dark modules on a light quiet zone, whatever the
 * colour scheme: many phone readers cannot read an inverted code.
 */
export function QrCode({ text, label }: { readonly text: string; readonly label: string }) {
  const { side, modulePx, d } = useMemo(() => qrPath(text), [text]);
  const px = side * modulePx;
  return (
    <svg
      className="qr"
      role="img"
      aria-label={label}
      width={px}
      height={px}
      viewBox={`0 0 ${side} ${side}`}
      shapeRendering="crispEdges"
    >
      <rect width={side} height={side} fill="#ffffff" />
      <path d={d} fill="#000000" />
    </svg>
  );
}
