/**
 * Which page a person is sent to for a code: the one with the code filled in when the server
 * gave it (RFC 8628 §3.3.1 `verification_uri_complete`), else the plain page where the code is
 * typed (§3.3). One rule for the window's QR and "Sign in on this computer", main's opening rule
 * and the command line's link and QR.
 */
interface VerificationPages {
  readonly verificationUri: string;
  readonly verificationUriComplete?: string | undefined;
}

export function pageToVisit(pages: VerificationPages): string {
  return pages.verificationUriComplete ?? pages.verificationUri;
}
