/**
 * qrcode's encoder alone: the package's browser entry also brings its canvas and SVG-string
 * renderers, which the window does not use (it draws the modules itself), about 1.5 KB gzip of
 * the 90 KB budget. Same function, same types as the package's `create`.
 */
declare module 'qrcode/lib/core/qrcode.js' {
  export { create } from 'qrcode';
}
