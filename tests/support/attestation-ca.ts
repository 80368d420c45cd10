// A certificate authority for authenticator attestation, made up per test: a self-signed P-256
// root, and attestation certificates it issues with the fields WebAuthn §8.2.1 requires of a
// "packed" attestation certificate (version 3, OU "Authenticator Attestation", CN, O, a two-letter
// C, not a CA). X.509 is built with @peculiar/x509 (the library @simplewebauthn/server itself uses
// to check certificate paths); the keys come from node:crypto's WebCrypto.
import "reflect-metadata";
import { KeyObject, webcrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const ES256 = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;
const DAY = 24 * 3_600_000;
// Valid long before and after both clocks in play: the tests' fake clock (which checks the trust
// list on save) and the real one (which @simplewebauthn/server uses for certificate paths).
const NOT_BEFORE = new Date("2020-01-01T00:00:00.000Z");

export type TAttestationCa = {
  /** The root certificate, PEM: what a tenant pastes into its trust list. */
  pem: string;
  /** A new attestation key and its certificate chain (DER, leaf first) for the soft authenticator. */
  issueAttestation(): Promise<{ format: "packed"; privateKey: KeyObject; certificates: Uint8Array[] }>;
};

export async function createAttestationCa(name: string, options: { notAfter?: Date } = {}): Promise<TAttestationCa> {
  const keys = (await webcrypto.subtle.generateKey(ES256, true, ["sign", "verify"])) as CryptoKeyPair;
  const now = Date.now();
  const root = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: "01",
    name: `CN=${name}, O=Portico Test Authenticators, C=DE`,
    notBefore: NOT_BEFORE,
    notAfter: options.notAfter ?? new Date(now + 3650 * DAY),
    signingAlgorithm: ES256,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  let serial = 1;
  return {
    pem: root.toString("pem"),
    async issueAttestation() {
      const leafKeys = (await webcrypto.subtle.generateKey(ES256, true, ["sign", "verify"])) as CryptoKeyPair;
      serial += 1;
      const leaf = await x509.X509CertificateGenerator.create({
        serialNumber: serial.toString(16).padStart(2, "0"),
        subject: `CN=Soft Key Attestation, OU=Authenticator Attestation, O=Portico Test Authenticators, C=DE`,
        issuer: root.subject,
        notBefore: NOT_BEFORE,
        notAfter: new Date(now + 365 * DAY),
        publicKey: leafKeys.publicKey,
        signingKey: keys.privateKey,
        signingAlgorithm: ES256,
        extensions: [
          new x509.BasicConstraintsExtension(false, undefined, true),
          await x509.AuthorityKeyIdentifierExtension.create(keys.publicKey),
        ],
      });
      return {
        format: "packed",
        privateKey: KeyObject.from(leafKeys.privateKey),
        certificates: [new Uint8Array(leaf.rawData)],
      };
    },
  };
}
