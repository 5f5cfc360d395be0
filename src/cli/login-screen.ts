/**
 * What `login` shows a person while they approve on another device: the page, the code, the
 * link with the code filled in, a QR code when the terminal has room for it, and, last, the code
 * and the host again, so that in a small terminal (80×24, tmux) the lines still on screen say
 * what to type and where. Escape sequences (bold, the QR's colours) only where a terminal is
 * and colour is allowed (terminal.ts).
 */
import QRCode from 'qrcode';
import type { FlowEvent } from '../core/flow/sign-in-flow.ts';
import { inTime } from './locale.ts';
import type { TerminalFacts } from './terminal.ts';
import type { Words } from './words.ts';

const bold = '\u001b[1m';
const notBold = '\u001b[22m';
/** Dark modules drawn black on white, whatever the terminal's own colours: SGR foreground 30, background 47. */
const qrColours = '\u001b[30m\u001b[47m';
const reset = '\u001b[0m';

/** ISO/IEC 18004 §9.1 (quiet zone): four light modules on every side, without which many phones read nothing. */
const quietZone = 4;

/** The code as the flow published it (epoch milliseconds, seconds between polls): worded here, spelled for scripts in login-events.ts. */
export type CodeEvent = Extract<FlowEvent, { readonly type: 'code' }>;

/** The code's lines, up to and including its expiry; `waitingLine` follows once the browser was tried. */
export function codeScreen({ t, locale }: Words, code: CodeEvent, now: number, terminal: TerminalFacts): string {
  const shownCode = emphasised(code.userCode, terminal.colour);
  const text = [t('login.openPage'), '', `  ${code.verificationUri}`, '', t('login.enterCode'), '', `  ${shownCode}`, ''];
  if (code.verificationUriComplete !== undefined) text.push(t('login.openComplete'), `  ${code.verificationUriComplete}`, '');
  const expiry = t('login.expiresAt', { expiresAt: new Date(code.expiresAt), relative: inTime(locale, code.expiresAt - now) });
  const draw = (): string[] => qrLines(code.verificationUriComplete ?? code.verificationUri, terminal.colour);
  // Room for the text, the QR, the browser's line, the waiting line and the shell's prompt.
  const needed = [...text, t('login.scanQr'), expiry, t('login.browserOpened'), waitingLine(t, code, terminal)];
  const qr = qrToShow(terminal, draw, needed);
  if (qr !== undefined) return [...text, t('login.scanQr'), ...qr, expiry].join('\n');
  return [...text, expiry].join('\n');
}

/** The last line while waiting: the code and the host once more, since earlier lines may have scrolled away. */
export function waitingLine(t: Words['t'], code: CodeEvent, terminal: TerminalFacts): string {
  return t('login.waiting', { code: emphasised(code.userCode, terminal.colour), host: hostOf(code.verificationUri) });
}

function emphasised(text: string, colour: boolean): string {
  return colour ? `${bold}${text}${notBold}` : text;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/**
 * The QR's lines to show: `--qr` always; otherwise only in a terminal whose size is known and has
 * room for the QR and every line of text. Drawn only where it may be shown: choosing its mask takes
 * tens of milliseconds, which a pipe or a terminal that gives no size would throw away.
 */
function qrToShow(terminal: TerminalFacts, draw: () => string[], text: readonly string[]): string[] | undefined {
  if (terminal.qr === 'always') return draw();
  const size = terminal.size;
  if (size === undefined) return undefined;
  const qr = draw();
  const width = Array.from(qr[0] ?? '').length;
  if (width > size.columns) return undefined;
  const textRows = text.reduce((rows, line) => rows + Math.max(1, Math.ceil(displayWidth(line) / size.columns)), 0);
  return textRows + qr.length + 1 <= size.rows ? qr : undefined;
}

/** Columns a line takes: East Asian wide characters take two (UAX #11, the common ranges); escape sequences none. */
function displayWidth(line: string): number {
  // eslint-disable-next-line no-control-regex -- the SGR sequences this module writes take no room
  const visible = line.replace(/\u001b\[[0-9;]*m/g, '');
  let width = 0;
  for (const character of visible)
    width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(character) ? 2 : 1;
  return width;
}

/**
 * The QR code of `text`, two modules per character cell, with its quiet zone. With colour, dark
 * modules are drawn black on white. Without, no escape sequence is written and the light modules
 * are the drawn ones, as `qrencode -t UTF8` draws for the usual light-on-dark terminal; phone
 * readers take either polarity.
 */
export function qrLines(text: string, colour: boolean): string[] {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const span = modules.size + 2 * quietZone;
  const dark = (x: number, y: number): boolean => {
    const column = x - quietZone;
    const row = y - quietZone;
    return column >= 0 && row >= 0 && column < modules.size && row < modules.size && modules.get(row, column) === 1;
  };
  const drawn = (x: number, y: number): boolean => y < span && (colour ? dark(x, y) : !dark(x, y));
  const lines: string[] = [];
  for (let y = 0; y < span; y += 2) {
    let line = '';
    for (let x = 0; x < span; x += 1) line += cell(drawn(x, y), drawn(x, y + 1));
    lines.push(colour ? `${qrColours}${line}${reset}` : line);
  }
  return lines;
}

function cell(top: boolean, bottom: boolean): string {
  if (top && bottom) return '█';
  if (top) return '▀';
  if (bottom) return '▄';
  return ' ';
}
