// Loaded with `node --require` around electronegativity only. Offline, its translation download
// (got 11) fails, and on Node 22+ a retry timer then throws "The `onCancel` handler was attached
// after the promise settled" from p-cancelable, and the retried request's own failure escapes
// too, killing the scan before it reports. Those errors of the translation download are
// dropped; any other still crashes the process.
'use strict';
const translationDownload = ['`onCancel` handler was attached after the promise settled', 'electronegativity-i18n'];
process.on('uncaughtException', (error) => {
  if (error instanceof Error && translationDownload.some((marker) => error.message.includes(marker))) return;
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(70);
});
