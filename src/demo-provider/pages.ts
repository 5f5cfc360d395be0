import type { Client, ErrorOut, KoaContextWithOIDC } from 'oidc-provider';

/*
 * The pages a phone sees during the device flow. oidc-provider's defaults work, but they pull a web font
 * from fonts.googleapis.com (the demo must run offline and tests must only talk to loopback) and log a
 * "you SHOULD change it" notice on first use. These keep the same headings and wrap the same forms
 * oidc-provider generates (`op.deviceInputForm`, `op.deviceConfirmForm`, `button[name=abort]`), and mark
 * each page with `data-page` / `data-outcome` so scripted phones can wait for the right one.
 */

/** What the code entry page tells the user after a failed or aborted attempt (`data-outcome`). */
export type CodeEntryOutcome = 'not-found' | 'expired' | 'already-used' | 'aborted' | 'error';

const STYLE = `
  body { font-family: system-ui, sans-serif; margin: 24px auto; max-width: 22rem; padding: 0 16px; color: #1f2328; }
  h1 { font-weight: 300; text-align: center; }
  .message { text-align: center; }
  .message.problem { color: #b3261e; }
  code { display: block; font-size: 2em; text-align: center; letter-spacing: .08em; margin: .5em 0; }
  input[type=text] { box-sizing: border-box; width: 100%; height: 44px; font-size: 1.2em; text-align: center;
    text-transform: uppercase; margin-bottom: 12px; }
  button[type=submit] { width: 100%; height: 40px; font-weight: 600; margin-bottom: 8px; cursor: pointer; }
  button[name=abort] { background: none; border: none; color: #666; cursor: pointer; }
`;

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${String(char.codePointAt(0))};`);
}

function page(ctx: KoaContextWithOIDC, pageName: string, title: string, body: string): void {
  ctx.type = 'html';
  ctx.body = `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(title)}</title>
  <style>${STYLE}</style>
</head>
<body>
  <main data-page="${pageName}">
    <h1>${escapeHtml(title)}</h1>
    ${body}
  </main>
</body>
</html>`;
}

function outcomeOf(error: Error | undefined): CodeEntryOutcome | undefined {
  if (error === undefined) return undefined;
  switch (error.name) {
    case 'NotFoundError':
      return 'not-found';
    case 'ExpiredError':
      return 'expired';
    case 'AlreadyUsedError':
      return 'already-used';
    case 'AbortedError':
      return 'aborted';
    case 'NoCodeError':
      // An empty submission is not a failure worth a red message: just ask again.
      return undefined;
    default:
      return 'error';
  }
}

const OUTCOME_MESSAGES: Record<CodeEntryOutcome, string> = {
  'not-found': 'That code is not valid. Check the code shown on your device and try again.',
  expired: 'That code has expired. Ask your device for a new one.',
  'already-used': 'That code has already been used.',
  aborted: 'Sign-in was cancelled. You can close this page.',
  error: 'Something went wrong. Try again.',
};

/** RFC 8628 §3.3 user code entry page (`features.deviceFlow.userCodeInputSource`). */
export function renderCodeEntryPage(ctx: KoaContextWithOIDC, form: string, _out?: ErrorOut, error?: Error): void {
  const outcome = outcomeOf(error);
  const message =
    outcome === undefined
      ? '<p class="message">Enter the code displayed on your device</p>'
      : `<p class="message problem" data-outcome="${outcome}">${OUTCOME_MESSAGES[outcome]}</p>`;
  page(
    ctx,
    'code-entry',
    'Sign-in',
    `${message}
    ${form}
    <button type="submit" form="op.deviceInputForm">Continue</button>`,
  );
}

/** RFC 8628 §5.4: show the code so the user can check it matches the device (`userCodeConfirmSource`). */
export function renderConfirmPage(ctx: KoaContextWithOIDC, form: string, client: Client, _deviceInfo: unknown, userCode: string): void {
  const clientName = client.clientName ?? client.clientId;
  page(
    ctx,
    'confirm',
    'Confirm Device',
    `<p class="message"><strong>${escapeHtml(clientName)}</strong> wants to sign in.
      Check that your device shows this code:</p>
    <code>${escapeHtml(userCode)}</code>
    <p class="message"><small>If the code does not match, or you did not start this, press Abort.</small></p>
    ${form}
    <button autofocus type="submit" form="op.deviceConfirmForm">Continue</button>
    <button type="submit" form="op.deviceConfirmForm" value="yes" name="abort">[ Abort ]</button>`,
  );
}

/** The page after the user approved (`features.deviceFlow.successSource`). */
export function renderSuccessPage(ctx: KoaContextWithOIDC): void {
  const clientName = ctx.oidc.client?.clientName;
  const withClient = clientName === undefined ? '' : ` with ${escapeHtml(clientName)}`;
  page(
    ctx,
    'success',
    'Sign-in Success',
    `<p class="message">Your sign-in${withClient} was successful.
    You can close this page and return to your device.</p>`,
  );
}

/** Any other error shown to a browser (`renderError`). */
export function renderErrorPage(ctx: KoaContextWithOIDC, out: ErrorOut): void {
  const description = out.error_description === undefined ? '' : `<p class="message">${escapeHtml(out.error_description)}</p>`;
  page(
    ctx,
    'error',
    'Something went wrong',
    `<p class="message problem" data-outcome="${escapeHtml(out.error)}">
    ${escapeHtml(out.error)}</p>${description}`,
  );
}
