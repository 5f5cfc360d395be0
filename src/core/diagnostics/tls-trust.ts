/**
 * Which certificates made a server's chain trusted, found the way a verifier would: the first
 * store holding a certificate of the chain, or the one that issued its topmost certificate
 * (RFC 5280 §6.1: checked by name and by signature, so a look-alike CA name does not count).
 */
import { X509Certificate } from 'node:crypto';
import type { TrustSource } from './report.ts';

/** The stores a front end trusts, as PEM: the OS's, the runtime's bundled list, and `caFile`'s. */
export interface TrustStores {
  readonly system: readonly string[];
  readonly bundled: readonly string[];
  readonly caFile: readonly string[];
}

/** The chain's trust source; `caFile` first, since when it is set it is usually why the chain is trusted. */
export function trustSourceOf(chain: readonly X509Certificate[], stores: TrustStores): TrustSource {
  const ordered: readonly (readonly [Exclude<TrustSource, 'none'>, readonly string[]])[] = [
    ['ca_file', stores.caFile],
    ['system', stores.system],
    ['bundled', stores.bundled],
  ];
  for (const [source, pems] of ordered) {
    const anchors = parsed(pems);
    if (chain.some((certificate) => anchors.some((anchor) => vouches(anchor, certificate)))) return source;
  }
  return 'none';
}

/** The name a person knows a certificate by: its common name, else its whole subject on one line. */
export function commonName(distinguishedName: string): string {
  const lines = distinguishedName.split('\n');
  const cn = lines.find((line) => line.startsWith('CN='));
  return cn === undefined ? lines.join(', ') : cn.slice(3);
}

/** The CA that issued the chain's topmost certificate: the name an inspecting gateway cannot hide. */
export function chainIssuer(chain: readonly X509Certificate[]): string {
  const top = chain.at(-1);
  return top === undefined ? '' : commonName(top.issuer);
}

function vouches(anchor: X509Certificate, certificate: X509Certificate): boolean {
  if (anchor.fingerprint256 === certificate.fingerprint256) return true;
  try {
    return certificate.checkIssued(anchor) && certificate.verify(anchor.publicKey);
  } catch {
    return false;
  }
}

const cache = new WeakMap<readonly string[], X509Certificate[]>();

function parsed(pems: readonly string[]): X509Certificate[] {
  const known = cache.get(pems);
  if (known !== undefined) return known;
  const certificates: X509Certificate[] = [];
  for (const pem of pems) {
    try {
      certificates.push(new X509Certificate(pem));
    } catch {
      // A certificate the runtime cannot read vouches for nothing.
    }
  }
  cache.set(pems, certificates);
  return certificates;
}
