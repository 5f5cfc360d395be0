import { isLoopbackUrl } from '../../../shared/loopback.ts';

/**
 * One line saying this is the embedded demo, with the rest behind "More": a banner that pushes the
 * code off the screen would cost more than it tells.
 */
export function DemoNotice({ issuer }: { readonly issuer: string }) {
  return (
    <header className="demo-notice">
      <details>
        <summary>
          <span className="demo-line">
            <strong>Demo</strong> · a test sign-in provider inside the app
          </span>
          <span className="demo-more">More</span>
        </summary>
        <p>
          Any username and password work; a username starting with “hw-” signs in as hardware-verified.
          {isLoopbackUrl(issuer)
            ? ' Its QR code opens on this computer only: start the app with DEVICE_SIGNIN_DEMO_LAN=1 to scan it with a phone on the same Wi-Fi.'
            : null}
        </p>
      </details>
    </header>
  );
}
