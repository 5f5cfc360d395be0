/**
 * The window's Content Security Policy. The page loads only its own bundled script and
 * stylesheet and talks to nothing: the sign-in traffic runs in main, and the QR code is inline
 * SVG. `pageContentSecurityPolicy` is also the <meta> in src/renderer/index.html (a test keeps
 * the two equal) so that the development server's page carries it too; the header, which
 * app://renderer sends with the page (app-protocol.ts), adds the directive that a <meta> cannot
 * carry.
 */
export const pageContentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ');

export const headerContentSecurityPolicy = `${pageContentSecurityPolicy}; frame-ancestors 'none'`;

/**
 * Only under `electron-vite dev`: the React Fast Refresh preamble is an inline script the dev
 * server adds to the page, and Vite's dev server injects each stylesheet as an inline `<style>`
 * (a built page links its CSS file instead), which `style-src 'self'` would block: the window
 * rendered unstyled. Never used for a built page. Main applies it to the header, the dev
 * server's plugin (electron.vite.config.ts) to the page's <meta>.
 */
export function allowingDevelopmentPreamble(policy: string): string {
  return policy
    .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
    .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");
}

export const developmentContentSecurityPolicy = allowingDevelopmentPreamble(headerContentSecurityPolicy);
