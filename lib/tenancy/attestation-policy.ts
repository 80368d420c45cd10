// The admin console's passkey attestation settings: whether registrations ask for attestation, and
// the root certificates the tenant trusts for it (see lib/identity/attestation.ts for what they
// decide: only a passkey whose attestation chains to one of them reaches AAL3). A save is checked
// (each certificate a root CA valid now), needs a fresh staff step-up, and is audited with the
// fingerprints before and after, in the transaction of the change.
import type { TTenant } from "./types";
import { checkRootCertificates, trustedRootsOf, type TTrustedRoot } from "../identity/attestation";
import type { TDeps, TRequestMeta } from "../kernel/deps";
import { diffSettings, invalidSettings, saveTenantPolicy, type TSettingsResult } from "./settings-change";
import { isFreshAuthority, STALE_STEP_UP, type TConsoleAuthority } from "../kernel/authority";

export type TAttestationForm = { requireAttestation: boolean; roots: string };

/** The form as it stands: the stored roots as PEM text, one after the other. */
export function attestationFormOf(tenant: Pick<TTenant, "requireAttestation" | "attestationRoots">): TAttestationForm {
  return {
    requireAttestation: tenant.requireAttestation,
    roots: trustedRootsOf(tenant)
      .map((r) => r.pem.trim())
      .join("\n"),
  };
}

const fingerprints = (roots: readonly TTrustedRoot[]) => roots.map((r) => r.sha256).join(",");

export async function updateAttestationPolicy(
  deps: TDeps,
  input: { authority: TConsoleAuthority; form: TAttestationForm; meta: TRequestMeta },
): Promise<TSettingsResult<TTenant>> {
  if (!isFreshAuthority(input.authority, deps.now())) return STALE_STEP_UP;
  const now = deps.now();
  const checked = checkRootCertificates(input.form.roots, now);
  if (!checked.ok) return invalidSettings({ attestationRoots: checked.problem });
  if (input.form.requireAttestation && checked.roots.length === 0) {
    return invalidSettings({ attestationRoots: { problem: "roots_required" } });
  }
  return saveTenantPolicy(deps, input, (current) => ({
    changed: diffSettings(
      { requireAttestation: current.requireAttestation, attestationRoots: fingerprints(trustedRootsOf(current)) },
      { requireAttestation: input.form.requireAttestation, attestationRoots: fingerprints(checked.roots) },
    ),
    patch: {
      requireAttestation: input.form.requireAttestation,
      attestationRoots: checked.roots.map((r) => r.pem),
    },
  }));
}
