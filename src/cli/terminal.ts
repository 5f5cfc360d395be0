/**
 * What the terminal on stdout allows: colour and bold (escape sequences) only where a terminal
 * reads them and nobody said no (`--no-color`, `NO_COLOR`, `TERM=dumb`), and its size, so that
 * `login` shows a QR code only where it fits beside the text.
 */
import type { Environment } from './home.ts';

export interface TerminalSize {
  readonly columns: number;
  readonly rows: number;
}

export interface TerminalFacts {
  /** Whether escape sequences may be written: a terminal, and no one asked for none. */
  readonly colour: boolean;
  /** The terminal's size, when stdout is one and it says. */
  readonly size?: TerminalSize;
  /** `--qr`: draw the QR code whatever the size (or in a pipe). */
  readonly qr: 'auto' | 'always';
}

export interface TerminalAsk {
  readonly isTerminal: boolean;
  readonly size: TerminalSize | undefined;
  readonly env: Environment;
  readonly noColor: boolean;
  readonly qr: boolean;
}

/** https://no-color.org: `NO_COLOR` set to anything but the empty string turns colour off. */
export function terminalFacts(ask: TerminalAsk): TerminalFacts {
  const noColour = ask.noColor || (ask.env['NO_COLOR'] ?? '') !== '' || ask.env['TERM'] === 'dumb';
  return {
    colour: ask.isTerminal && !noColour,
    ...(ask.isTerminal && ask.size !== undefined ? { size: ask.size } : {}),
    qr: ask.qr ? 'always' : 'auto',
  };
}
