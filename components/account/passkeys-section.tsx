import type { TTenant } from "@/lib/db/store";
import { listPasskeys } from "@/lib/identity/passkeys";
import { usableSignInMethods } from "@/lib/identity/sign-in-methods";
import { getDeps } from "@/lib/next/deps";
import { hasRecentProof } from "@/lib/sessions/recent-proof";
import type { TValidSession } from "@/lib/sessions/validate-session";
import { PasskeyReauth } from "./passkey-reauth";
import { PasskeyRow, ReauthForm } from "./factor-forms";
import { PasskeyRegister } from "./passkey-register";

export async function PasskeysSection({ tenant, auth }: { tenant: TTenant; auth: TValidSession }) {
  const deps = getDeps();
  const passkeys = await listPasskeys(deps, tenant, auth.user);
  const recent = hasRecentProof(auth.session, deps.now());
  const hasPassword = !recent && (await usableSignInMethods(deps.store, tenant, auth.user.id)).password;
  return (
    <section aria-labelledby="passkeys-heading" className="rounded-lg border border-gray-300 bg-white p-6">
      <h2 id="passkeys-heading" className="text-lg font-semibold">
        Passkeys
      </h2>
      <p className="mt-1 text-sm text-gray-800">Sign in with your fingerprint, face or device PIN instead of a password. Passkeys cannot be phished.</p>
      {passkeys.length > 0 ? (
        <ul className="mt-4 divide-y divide-gray-200 rounded-md border border-gray-300" aria-label="Your passkeys">
          {passkeys.map((p) => (
            <PasskeyRow
              key={p.id}
              tenant={tenant.slug}
              canChange={recent}
              passkey={{ id: p.id, name: p.name, created: p.createdAt.toISOString(), lastUsed: p.lastUsedAt?.toISOString() ?? null, synced: p.synced }}
            />
          ))}
        </ul>
      ) : null}
      <div className="mt-4">
        {recent ? (
          <PasskeyRegister tenant={tenant.slug} />
        ) : tenant.allowTotp ? (
          <p className="text-sm text-gray-800">Confirm it is you in the authenticator app section to add or remove passkeys.</p>
        ) : (
          // No authenticator app section on this tenant: confirm here.
          <div className="space-y-3">
            <p className="text-sm text-gray-900">To add or remove passkeys, confirm it is you (valid for 5 minutes).</p>
            {hasPassword ? <ReauthForm tenant={tenant.slug} email={auth.user.email} /> : null}
            {passkeys.length > 0 ? <PasskeyReauth tenant={tenant.slug} /> : null}
          </div>
        )}
      </div>
    </section>
  );
}
