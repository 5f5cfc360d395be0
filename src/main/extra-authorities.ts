/**
 * The `caFile` setting in the app. Chromium verifies certificates against the OS's store (on
 * Linux its NSS database, not /etc/ssl), so a gateway CA given only as a file would be refused
 * there while the command line trusts it. Electron's session.setCertificateVerifyProc
 * (https://www.electronjs.org/docs/latest/api/session#sessetcertificateverifyprocproc) sees each
 * server certificate with Chromium's verdict; this judges the one verdict the file can change,
 * "no trusted authority" (net::ERR_CERT_AUTHORITY_INVALID): the chain as the server sent it must
 * end at one of the file's authorities, every link signed by the next, each intermediate a CA,
 * every certificate within its dates, and the leaf named for the host. Any other verdict is
 * Chromium's own. Plain code over node:crypto, so it is tested with real certificates.
 */
import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';

/** The parts of Electron's Certificate this needs: the PEM and the certificate that issued it, as the server sent them. */
export interface PresentedCertificate {
  readonly data: string;
  readonly issuerCert?: PresentedCertificate | undefined;
}

/** The parts of setCertificateVerifyProc's request this needs. */
export interface VerifyRequest {
  readonly hostname: string;
  readonly certificate: PresentedCertificate;
  /** Chromium's verdict, as net::OK or a net::ERR_CERT_… name. */
  readonly verificationResult: string;
}

/** What the callback takes: 0 trusts the certificate, -3 keeps Chromium's verdict. */
export type VerifyAnswer = 0 | -3;

const authorityInvalid = 'net::ERR_CERT_AUTHORITY_INVALID';
/** A gateway's chain is leaf, an intermediate or two, then its CA: anything far longer is not one. */
const maxChainLength = 8;

export function verifierTrusting(
  authorityPems: readonly string[],
  now: () => Date = () => new Date(),
): (request: VerifyRequest) => VerifyAnswer {
  const authorities = authorityPems.map((pem) => new X509Certificate(pem));
  return (request) => {
    if (request.verificationResult !== authorityInvalid) return -3;
    try {
      return chainsToAuthority(request, authorities, now()) ? 0 : -3;
    } catch {
      // A certificate Node cannot parse is not one the file vouches for.
      return -3;
    }
  };
}

function chainsToAuthority(request: VerifyRequest, authorities: readonly X509Certificate[], at: Date): boolean {
  let current = new X509Certificate(request.certificate.data);
  if (!namesHost(current, request.hostname)) return false;
  let next = request.certificate.issuerCert;
  for (let length = 1; length <= maxChainLength; length += 1) {
    if (!withinDates(current, at)) return false;
    const child = current;
    if (authorities.some((authority) => withinDates(authority, at) && issued(authority, child))) return true;
    if (next === undefined) return false;
    const parent = new X509Certificate(next.data);
    if (!parent.ca || !issued(parent, child)) return false;
    current = parent;
    next = next.issuerCert;
  }
  return false;
}

function issued(issuer: X509Certificate, subject: X509Certificate): boolean {
  return subject.checkIssued(issuer) && subject.verify(issuer.publicKey);
}

function withinDates(certificate: X509Certificate, at: Date): boolean {
  return certificate.validFromDate <= at && at <= certificate.validToDate;
}

function namesHost(certificate: X509Certificate, hostname: string): boolean {
  // Chromium hands IPv6 hosts in brackets.
  const host = hostname.replace(/^\[(.*)\]$/, '$1');
  return isIP(host) === 0 ? certificate.checkHost(host) !== undefined : certificate.checkIP(host) !== undefined;
}
