/**
 * The output layer escapes whatever control a value might still carry, in human text and in
 * JSON, where JSON.stringify leaves C1 and bidi controls raw; test/cli/hostile-values.test.ts
 * shows the whole CLI against a hostile server.
 */
import { describe, expect, it } from 'vitest';
import { createOutput } from '../../src/cli/output.ts';
import { jsonLines, rawControl } from '../support/terminal-text.ts';

describe('the output layer never writes a raw control', () => {
  function capture(json: boolean) {
    const written = { stdout: '', stderr: '' };
    const out = createOutput(json, {
      stdout: { write: (text: string) => (written.stdout += text) },
      stderr: { write: (text: string) => (written.stderr += text) },
    });
    return { out, written };
  }
  const hostile = 'Alice \u202enimda \u009b31m \u001b[2J \u0007\r\u2066x\u061c';

  it('escapes C1 and bidi controls in JSON as \\uXXXX, which reads back as the same string', () => {
    const { out, written } = capture(true);
    out.emit({ type: 'signed_in', sub: hostile, name: hostile });
    out.fail('request_rejected', { what: hostile, next: hostile }, hostile);
    expect(written.stdout).not.toMatch(rawControl);
    expect(written.stdout).toContain('\\u202e');
    expect(written.stdout).toContain('\\u009b');
    const [event, error] = jsonLines(written.stdout);
    expect(event).toEqual({ type: 'signed_in', sub: hostile, name: hostile });
    expect(error).toMatchObject({ detail: hostile, message: `${hostile} ${hostile}` });
  });

  it('shows every control in human text as a visible escape, on stdout and stderr', () => {
    const { out, written } = capture(false);
    out.emit({ type: 'pending' }, `Signed in as ${hostile}.`);
    out.say(hostile);
    out.warn(hostile);
    out.fail('request_rejected', { what: hostile, next: 'Try again.' });
    expect(written.stdout).not.toMatch(rawControl);
    expect(written.stderr).not.toMatch(rawControl);
    expect(written.stdout).toContain('Signed in as Alice \\u202enimda \\x9b31m \\x1b[2J \\x07\\x0d\\u2066x\\u061c.\n');
  });

  it('keeps line breaks and the colours a terminal QR code is drawn with', () => {
    const { out, written } = capture(false);
    const qr = '\u001b[47m\u001b[30m  \u001b[0m\u001b[37m▄\u001b[40m\n\u001b[0m';
    out.emit({ type: 'pending' }, `line one\n${qr}`);
    expect(written.stdout).toBe(`line one\n${qr}\n`);
  });

  it('prints an access token exactly, whatever printable characters it holds (RFC 6749 Appendix A.12: VSCHAR)', () => {
    const { out, written } = capture(false);
    const vschar = Array.from({ length: 0x7e - 0x20 + 1 }, (_, i) => String.fromCharCode(0x20 + i)).join('');
    out.say(vschar);
    expect(written.stdout).toBe(`${vschar}\n`);
  });
});
