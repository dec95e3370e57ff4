/**
 * The dev cluster's TLS material, made at start: a CA and a node certificate it signs,
 * with SANs for the listening host plus `IP:127.0.0.1`, `IP:::1` and `DNS:localhost`.
 *
 * Node can make keys but cannot issue X.509 certificates, so the certificates are built
 * with node-forge (pure JavaScript, no native code); the RSA keys come from Node's own
 * crypto, which is far faster than generating them in JavaScript. Nothing is written to
 * disk: a new CA per cluster, valid for a short time, for development only.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import forge from 'node-forge';

/** PEM material of a TLS dev cluster. */
export interface DevCertificates {
  /** The CA certificate clients trust (the `ca` option). */
  readonly caPem: string;
  /** The certificate every node presents. */
  readonly certPem: string;
  /** Its private key (PKCS#8). */
  readonly keyPem: string;
}

interface KeyPair {
  readonly pem: string;
  readonly privateKey: forge.pki.rsa.PrivateKey;
  readonly publicKey: forge.pki.rsa.PublicKey;
}

function rsaKeys(): KeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { pem: privateKey, privateKey: forge.pki.privateKeyFromPem(privateKey) as forge.pki.rsa.PrivateKey, publicKey: forge.pki.publicKeyFromPem(publicKey) };
}

/** A positive serial number (the high bit clear, as RFC 5280 wants). */
function serial(): string {
  const b = randomBytes(16);
  b[0]! &= 0x7f;
  return b.toString('hex');
}

/** Subject alternative names for `host`, plus the loopback names unless told otherwise. */
function altNames(host: string, loopback: boolean): { type: number; ip?: string; value?: string }[] {
  const ips = new Set(loopback ? ['127.0.0.1', '::1'] : []);
  const dns = new Set(loopback ? ['localhost'] : []);
  if (isIP(host) !== 0) ips.add(host);
  else dns.add(host);
  // Types from RFC 5280: 2 = dNSName, 7 = iPAddress.
  return [...[...dns].map((value) => ({ type: 2, value })), ...[...ips].map((ip) => ({ type: 7, ip }))];
}

/**
 * Makes a CA and a node certificate for `host`, valid from a minute ago for `days` days.
 * `loopback: false` leaves the loopback names out (tests of host-name verification).
 */
export function makeDevCertificates(host: string, days = 30, loopback = true): DevCertificates {
  const notBefore = new Date(Date.now() - 60_000);
  const notAfter = new Date(Date.now() + days * 86_400_000);
  const caKeys = rsaKeys();
  const ca = forge.pki.createCertificate();
  const caName = [
    { name: 'commonName', value: 'couchts dev cluster CA' },
    { name: 'organizationName', value: 'couchts (development only)' },
  ];
  ca.publicKey = caKeys.publicKey;
  ca.serialNumber = serial();
  ca.validity.notBefore = notBefore;
  ca.validity.notAfter = notAfter;
  ca.setSubject(caName);
  ca.setIssuer(caName);
  ca.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  ca.sign(caKeys.privateKey, forge.md.sha256.create());

  const nodeKeys = rsaKeys();
  const cert = forge.pki.createCertificate();
  cert.publicKey = nodeKeys.publicKey;
  cert.serialNumber = serial();
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = notAfter;
  cert.setSubject([{ name: 'commonName', value: host }]);
  cert.setIssuer(caName);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: altNames(host, loopback) },
    { name: 'authorityKeyIdentifier', keyIdentifier: ca.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(caKeys.privateKey, forge.md.sha256.create());
  return { caPem: forge.pki.certificateToPem(ca), certPem: forge.pki.certificateToPem(cert), keyPem: nodeKeys.pem };
}
