import { X509Certificate } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { createAttestationCa, type TAttestationCa } from "../../tests/support/attestation-ca";
import { consoleAuthority, createActiveStaff } from "../../tests/support/staff";
import { META } from "../../tests/support/test-db";
import { testScenario } from "../../tests/scenario";
import { trustedRootsOf } from "../identity/attestation";
import { attestationFormOf, updateAttestationPolicy } from "./attestation-policy";
import { messageFor } from "../copy";
import { settingsFieldErrors } from "../copy/en";

let ca: TAttestationCa;
let other: TAttestationCa;
let expired: TAttestationCa;
beforeAll(async () => {
  ca = await createAttestationCa("Maker One Root");
  other = await createAttestationCa("Maker Two Root");
  expired = await createAttestationCa("Old Maker Root", { notAfter: new Date("2021-01-01T00:00:00.000Z") });
});

const t = testScenario();

/** Saves as a new admin of acme; `stepUpAgeMs`: how long ago the admin last proved the second factor. */
async function save(form: { requireAttestation: boolean; roots: string }, stepUpAgeMs = 0) {
  const { token } = await createActiveStaff(t, {
    email: `admin-${Math.random().toString(36).slice(2)}@acme.example`,
    role: "admin",
  });
  t.clock.advance(stepUpAgeMs);
  return updateAttestationPolicy(t.deps, { authority: await consoleAuthority(t, token), form, meta: META });
}

const errorOf = async (roots: string, requireAttestation = true) => {
  const result = await save({ requireAttestation, roots });
  return result.ok
    ? null
    : result.code === "INVALID_INPUT"
      ? (settingsFieldErrors(result.params.fields).attestationRoots ?? messageFor(result))
      : messageFor(result);
};

describe("the tenant's attestation trust list (admin console)", () => {
  it("is validated on save: only PEM root CA certificates valid now", async () => {
    const leafPem = new X509Certificate((await ca.issueAttestation()).certificates[0]!).toString();
    expect(await errorOf("not a certificate")).toMatch(/PEM certificates only/);
    expect(await errorOf("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----")).toMatch(
      /not a readable X\.509 certificate/,
    );
    expect(await errorOf(leafPem)).toMatch(/not a CA certificate/);
    expect(await errorOf(expired.pem)).toMatch(/not valid now/);
    expect(await errorOf("")).toMatch(/add at least one root certificate/);
    expect(await errorOf("", false)).toBeNull();
    expect(await save({ requireAttestation: true, roots: `${ca.pem}\n${leafPem}` })).toMatchObject({
      ok: false,
      code: "INVALID_INPUT",
      params: { fields: { attestationRoots: { problem: "not_ca", index: 2 } } },
    });
    expect(await errorOf(`${ca.pem}\n${leafPem}`)).toBe(
      "Trusted roots, certificate 2: not a CA certificate (basic constraints CA is not set).",
    );
    expect(await save({ requireAttestation: true, roots: "" })).toMatchObject({
      params: { fields: { attestationRoots: { problem: "roots_required" } } },
    });
    expect(trustedRootsOf((await t.db.store.tenants.findById(t.acme.id))!)).toEqual([]);
  });

  it("a save records the root fingerprints before and after in the audit log, and needs a fresh step-up", async () => {
    expect(await save({ requireAttestation: true, roots: ca.pem }, 5 * 60_000 + 1_000)).toMatchObject({
      ok: false,
      module: "step_up",
      code: "STAFF_REQUIRED",
    });
    const first = await save({ requireAttestation: true, roots: `${ca.pem}\n${other.pem}\n${ca.pem}` });
    expect(first).toMatchObject({ ok: true });
    const tenant = (await t.db.store.tenants.findById(t.acme.id))!;
    const [one, two] = trustedRootsOf(tenant);
    expect(tenant.requireAttestation).toBe(true);
    expect([one?.subject, two?.subject]).toEqual([
      expect.stringContaining("Maker One Root"),
      expect.stringContaining("Maker Two Root"),
    ]);
    expect(await save({ requireAttestation: true, roots: other.pem })).toMatchObject({
      ok: true,
      changed: { attestationRoots: { from: `${one!.sha256},${two!.sha256}`, to: two!.sha256 } },
    });
    const audit = await t.db.store.audit.list(t.acme.id, { type: "tenant.policy_updated" });
    expect(
      audit.map((e) => e.data as { changed: Record<string, unknown> }).map((d) => Object.keys(d.changed).sort()),
    ).toEqual(expect.arrayContaining([["attestationRoots", "requireAttestation"], ["attestationRoots"]]));
    expect(attestationFormOf((await t.db.store.tenants.findById(t.acme.id))!)).toEqual({
      requireAttestation: true,
      roots: other.pem.trim(),
    });
  });
});
