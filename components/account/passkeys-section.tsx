import type { TTenant } from "@/lib/tenancy/types";
import { listPasskeys } from "@/lib/account/passkey-management";
import { getDeps } from "@/lib/next/deps";
import type { TValidSession } from "@/lib/sessions/validate-session";
import { PasskeyRow } from "./factor-forms";
import { PasskeyRegister } from "./passkey-register";

/** `lockedNote`: why the methods cannot be changed right now, when it is not a missing step-up. */
export async function PasskeysSection({
  tenant,
  auth,
  canChange,
  lockedNote,
}: {
  tenant: TTenant;
  auth: TValidSession;
  canChange: boolean;
  lockedNote?: string;
}) {
  const deps = getDeps();
  const passkeys = await listPasskeys(deps, tenant, auth.user);
  const recent = canChange;
  return (
    <section aria-labelledby="passkeys-heading" className="rounded-lg border border-gray-300 bg-white p-6">
      <h2 id="passkeys-heading" className="text-lg font-semibold">
        Passkeys
      </h2>
      <p className="mt-1 text-sm text-gray-800">
        Sign in with your fingerprint, face or device PIN instead of a password. Passkeys cannot be phished.
      </p>
      {passkeys.length > 0 ? (
        <ul className="mt-4 divide-y divide-gray-200 rounded-md border border-gray-300" aria-label="Your passkeys">
          {passkeys.map((p) => (
            <PasskeyRow
              key={p.id}
              tenant={tenant.slug}
              canChange={recent}
              passkey={{
                id: p.id,
                name: p.name,
                created: p.createdAt.toISOString(),
                lastUsed: p.lastUsedAt?.toISOString() ?? null,
                synced: p.synced,
                verified: p.verified,
              }}
            />
          ))}
        </ul>
      ) : null}
      <div className="mt-4">
        <PasskeyRegister tenant={tenant.slug} locked={!recent} lockedNote={lockedNote} />
      </div>
    </section>
  );
}
