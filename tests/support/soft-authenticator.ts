// A software WebAuthn authenticator for Node: it creates an ES256 (P-256) credential with
// node:crypto and answers registration and authentication options with the JSON a browser would
// send (RegistrationResponseJSON / AuthenticationResponseJSON), signed for real, so
// @simplewebauthn/server verifies them exactly as it verifies a hardware key. Used by the Vitest
// suites and meant for load benchmarks too, so it imports no test framework.
//
// Knobs: user verification on/off (the UV flag), backup eligibility (BE/BS: a synced passkey or a
// device-bound one), the signature counter (counting up, always 0 as many platform
// authenticators do, or set by hand to simulate a cloned authenticator whose counter goes back),
// and the attestation statement at registration: "none" (default) or "packed" signed by an
// attestation key whose certificate chain the caller provides (see attestation-ca.ts).
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from "@simplewebauthn/server";

// --- A minimal CBOR encoder (RFC 8949) ---------------------------------------------------------
// Test-only and deliberately tiny: the attestation object and the COSE key need nothing but maps
// with small integer or text keys, byte strings, text strings and (negative) integers. Writing
// these few lines avoids depending on a CBOR package that is only a transitive dependency here.
type TCbor = number | string | Uint8Array | TCbor[] | Map<number | string, TCbor>;

function cborHead(major: number, length: number): Buffer {
  const type = major << 5;
  if (length < 24) return Buffer.from([type | length]);
  if (length < 0x100) return Buffer.from([type | 24, length]);
  if (length < 0x10000) return Buffer.from([type | 25, length >> 8, length & 0xff]);
  const out = Buffer.alloc(5);
  out[0] = type | 26;
  out.writeUInt32BE(length, 1);
  return out;
}

export function encodeCbor(value: TCbor): Buffer {
  if (typeof value === "number") {
    if (!Number.isInteger(value)) throw new Error("only integers are supported");
    return value >= 0 ? cborHead(0, value) : cborHead(1, -1 - value);
  }
  if (typeof value === "string") {
    const bytes = Buffer.from(value, "utf8");
    return Buffer.concat([cborHead(3, bytes.length), bytes]);
  }
  if (value instanceof Uint8Array) return Buffer.concat([cborHead(2, value.length), Buffer.from(value)]);
  if (Array.isArray(value)) return Buffer.concat([cborHead(4, value.length), ...value.map(encodeCbor)]);
  const parts: Buffer[] = [cborHead(5, value.size)];
  for (const [key, item] of value) parts.push(encodeCbor(key), encodeCbor(item));
  return Buffer.concat(parts);
}

// --- The authenticator -------------------------------------------------------------------------

const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_BE = 0x08;
const FLAG_BS = 0x10;
const FLAG_AT = 0x40;

export type TSoftAuthenticatorOptions = {
  /** The origin the "browser" reports in clientDataJSON, e.g. "https://portal.example.test". */
  origin: string;
  /** UV flag: the user was verified (biometric/PIN). Default true. */
  userVerification?: boolean;
  /** BE flag: a synced (multi-device) passkey. Default false: device-bound. */
  backupEligible?: boolean;
  /** BS flag (only with backupEligible): currently backed up. Default = backupEligible. */
  backedUp?: boolean;
  /** "increment" (default): +1 per assertion. "zero": always reports 0, as many platform authenticators do. */
  counter?: "increment" | "zero";
  /** 16 bytes; default all zero (what "none" attestation usually carries). */
  aaguid?: Uint8Array;
  /**
   * "packed" full attestation (WebAuthn §8.2): the statement is signed with `privateKey` (ES256) and
   * carries `certificates` (DER, the attestation certificate first, then any intermediates).
   * Default: attestation "none".
   */
  attestation?: { format: "packed"; privateKey: KeyObject; certificates: Uint8Array[] };
};

export type TSoftCredential = { id: string; userHandle: string; rpId: string };

const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64url");
const sha256 = (data: Uint8Array | string) => createHash("sha256").update(data).digest();

export type TSoftAuthenticator = ReturnType<typeof createSoftAuthenticator>;

export function createSoftAuthenticator(options: TSoftAuthenticatorOptions) {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  return softAuthenticatorFrom(options, {
    privateKey,
    publicKey,
    credentialId: randomBytes(32),
    counter: 0,
    credential: null,
  });
}

type TState = {
  privateKey: KeyObject;
  publicKey: KeyObject;
  credentialId: Buffer;
  counter: number;
  credential: TSoftCredential | null;
};

function softAuthenticatorFrom(options: TSoftAuthenticatorOptions, state: TState) {
  const settings = {
    userVerification: options.userVerification ?? true,
    backupEligible: options.backupEligible ?? false,
    backedUp: options.backedUp ?? options.backupEligible ?? false,
    counter: options.counter ?? "increment",
  };
  const aaguid = options.aaguid ?? new Uint8Array(16);
  if (aaguid.length !== 16) throw new Error("an AAGUID has 16 bytes");

  const flags = (extra: number, uv: boolean) =>
    FLAG_UP |
    extra |
    (uv ? FLAG_UV : 0) |
    (settings.backupEligible ? FLAG_BE : 0) |
    (settings.backupEligible && settings.backedUp ? FLAG_BS : 0);

  const authenticatorData = (rpId: string, flagByte: number, counter: number, attested?: Buffer) => {
    const count = Buffer.alloc(4);
    count.writeUInt32BE(counter >>> 0, 0);
    return Buffer.concat([sha256(rpId), Buffer.from([flagByte]), count, ...(attested ? [attested] : [])]);
  };

  const coseKey = () => {
    const jwk = state.publicKey.export({ format: "jwk" });
    if (!jwk.x || !jwk.y) throw new Error("unexpected public key");
    // COSE_Key (RFC 9053): kty EC2 (2), alg ES256 (-7), crv P-256 (1), x, y.
    return encodeCbor(
      new Map<number, TCbor>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, Buffer.from(jwk.x, "base64url")],
        [-3, Buffer.from(jwk.y, "base64url")],
      ]),
    );
  };

  const clientData = (type: "webauthn.create" | "webauthn.get", challenge: string, origin: string) =>
    Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }), "utf8");

  return {
    /** The credential after registration (id, user handle, RP ID), or null before. */
    get credential(): TSoftCredential | null {
      return state.credential;
    },
    /** The signature counter the next assertion starts from. */
    get counter(): number {
      return state.counter;
    },
    /** Sets the stored counter, e.g. back in time to act like a cloned authenticator. */
    setCounter(value: number) {
      state.counter = value;
    },
    /** A copy holding the same private key and counter: the classic cloned-authenticator attack. */
    clone(overrides: Partial<TSoftAuthenticatorOptions> = {}) {
      return softAuthenticatorFrom({ ...options, ...overrides }, { ...state });
    },

    /** navigator.credentials.create(): a new ES256 credential, with "none" or the configured attestation. */
    register(
      creation: PublicKeyCredentialCreationOptionsJSON,
      overrides: { origin?: string; userVerification?: boolean } = {},
    ): RegistrationResponseJSON {
      if (!creation.pubKeyCredParams.some((p) => p.alg === -7))
        throw new Error("the relying party does not accept ES256");
      const rpId = creation.rp.id;
      if (!rpId) throw new Error("creation options without rp.id");
      const idLength = Buffer.alloc(2);
      idLength.writeUInt16BE(state.credentialId.length, 0);
      const attested = Buffer.concat([Buffer.from(aaguid), idLength, state.credentialId, coseKey()]);
      const authData = authenticatorData(
        rpId,
        flags(FLAG_AT, overrides.userVerification ?? settings.userVerification),
        state.counter,
        attested,
      );
      const clientDataJSON = clientData("webauthn.create", creation.challenge, overrides.origin ?? options.origin);
      const attestation = options.attestation;
      // Packed full attestation signs authenticatorData || SHA-256(clientDataJSON) with the attestation key.
      const statement = attestation
        ? new Map<string, TCbor>([
            ["alg", -7],
            ["sig", sign("sha256", Buffer.concat([authData, sha256(clientDataJSON)]), attestation.privateKey)],
            ["x5c", attestation.certificates.map((der) => new Uint8Array(der))],
          ])
        : new Map<string, TCbor>();
      const attestationObject = encodeCbor(
        new Map<string, TCbor>([
          ["fmt", attestation ? attestation.format : "none"],
          ["attStmt", statement],
          ["authData", authData],
        ]),
      );
      state.credential = { id: b64url(state.credentialId), userHandle: creation.user.id, rpId };
      return {
        id: b64url(state.credentialId),
        rawId: b64url(state.credentialId),
        type: "public-key",
        response: {
          clientDataJSON: b64url(clientDataJSON),
          attestationObject: b64url(attestationObject),
          transports: ["internal"],
          publicKeyAlgorithm: -7,
          authenticatorData: b64url(authData),
        },
        clientExtensionResults: {},
        authenticatorAttachment: "platform",
      };
    },

    /**
     * navigator.credentials.get(): an assertion signed over authenticatorData ||
     * SHA-256(clientDataJSON) with a DER-encoded ECDSA signature, as authenticators send it.
     */
    authenticate(
      request: PublicKeyCredentialRequestOptionsJSON,
      overrides: { origin?: string; rpId?: string; userVerification?: boolean } = {},
    ): AuthenticationResponseJSON {
      const credential = state.credential;
      if (!credential) throw new Error("register the authenticator first");
      const allowed = request.allowCredentials ?? [];
      if (allowed.length > 0 && !allowed.some((c) => c.id === credential.id))
        throw new Error("this credential is not allowed by the request");
      if (settings.counter === "increment") state.counter += 1;
      const count = settings.counter === "zero" ? 0 : state.counter;
      const authData = authenticatorData(
        overrides.rpId ?? request.rpId ?? credential.rpId,
        flags(0, overrides.userVerification ?? settings.userVerification),
        count,
      );
      const clientDataJSON = clientData("webauthn.get", request.challenge, overrides.origin ?? options.origin);
      const signature = sign("sha256", Buffer.concat([authData, sha256(clientDataJSON)]), state.privateKey);
      return {
        id: credential.id,
        rawId: credential.id,
        type: "public-key",
        response: {
          clientDataJSON: b64url(clientDataJSON),
          authenticatorData: b64url(authData),
          signature: b64url(signature),
          userHandle: credential.userHandle,
        },
        clientExtensionResults: {},
        authenticatorAttachment: "platform",
      };
    },
  };
}
