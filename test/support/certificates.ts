/**
 * Certificate authorities made in the test (with `selfsigned`): the company CA a server's
 * certificate chains to, and a second one for a TLS-inspecting gateway. EC P-256, SHA-256.
 */
import selfsigned from 'selfsigned';

export interface Pem {
  readonly key: string;
  readonly cert: string;
}

export async function makeCa(name: string): Promise<Pem> {
  const made = await selfsigned.generate([{ name: 'commonName', value: name }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  return { key: made.private, cert: made.cert };
}

/** A server certificate signed by `ca`, for the given DNS names and IP addresses. */
export async function makeServerCertificate(
  ca: Pem,
  names: { readonly dns?: readonly string[]; readonly ips?: readonly string[] },
): Promise<Pem> {
  const altNames = [
    ...(names.dns ?? []).map((value) => ({ type: 2 as const, value })),
    ...(names.ips ?? []).map((ip) => ({ type: 7 as const, ip })),
  ];
  const made = await selfsigned.generate([{ name: 'commonName', value: names.dns?.[0] ?? names.ips?.[0] ?? 'server' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    ca: { key: ca.key, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames },
    ],
  });
  return { key: made.private, cert: made.cert };
}
