/**
 * `caFile` in the app: Chromium's verdict on a server certificate is overridden only for "no
 * trusted authority", and only when the chain as sent ends at one of the file's CAs and names
 * the host. Real certificates, made by a test CA and a gateway CA (test/support/certificates.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { verifierTrusting } from '../../src/main/extra-authorities.ts';
import { makeCa, makeServerCertificate, type Pem } from '../support/certificates.ts';

let gateway: Pem;
let other: Pem;
let leaf: Pem;

beforeAll(async () => {
  [gateway, other] = await Promise.all([makeCa('Company Gateway CA'), makeCa('Someone Else CA')]);
  leaf = await makeServerCertificate(gateway, { dns: ['login.example.test'], ips: ['127.0.0.1'] });
});

const request = (hostname: string, certificate: Pem, verificationResult = 'net::ERR_CERT_AUTHORITY_INVALID') => ({
  hostname,
  verificationResult,
  certificate: { data: certificate.cert, issuerCert: { data: gateway.cert } },
});

describe("the app's extra authorities", () => {
  it("trusts a server whose chain ends at the file's CA and names the host", () => {
    const verify = verifierTrusting([gateway.cert]);
    expect(verify(request('login.example.test', leaf))).toBe(0);
    expect(verify(request('127.0.0.1', leaf))).toBe(0);
  });

  it("keeps Chromium's verdict for another CA, another host, another error, and a certificate Chromium already trusts", () => {
    expect(verifierTrusting([other.cert])(request('login.example.test', leaf))).toBe(-3);
    const verify = verifierTrusting([gateway.cert]);
    expect(verify(request('evil.example.test', leaf))).toBe(-3);
    expect(verify(request('login.example.test', leaf, 'net::ERR_CERT_DATE_INVALID'))).toBe(-3);
    expect(verify(request('login.example.test', leaf, 'net::OK'))).toBe(-3);
  });

  it('does not trust it after its dates, nor a leaf that poses as a CA link', () => {
    expect(verifierTrusting([gateway.cert], () => new Date('2999-01-01'))(request('login.example.test', leaf))).toBe(-3);
    const chainThroughLeaf = { ...request('login.example.test', leaf), certificate: { data: leaf.cert, issuerCert: { data: leaf.cert } } };
    expect(verifierTrusting([other.cert])(chainThroughLeaf)).toBe(-3);
  });
});
