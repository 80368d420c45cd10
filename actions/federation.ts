"use server";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { completeFederatedLink } from "@/lib/federation/complete-federated-sign-in";
import { admitFederatedStart, discoverRealm } from "@/lib/federation/home-realm";
import { notice } from "@/lib/copy/words";
import { failureMessage } from "@/lib/next/failure-message";
import { linkCookieName, pendingStageUrl, startFederatedSignIn } from "@/lib/next/federation";
import { secret, text } from "@/lib/next/form-input";
import type { TFormState } from "@/lib/next/form-state";
import { setSessionCookie } from "@/lib/next/session";
import { tenantAction } from "@/lib/next/tenant-action";
import { safeReturnTo } from "@/lib/security/return-to";

const ZIdentifyInput = z.object({
  email: text(320).pipe(z.email({ error: "Enter a valid email address, like name@example.com." })),
  returnTo: text(600),
});
export type TIdentifyState = TFormState<typeof ZIdentifyInput | "location">;

/**
 * Identifier-first sign-in: an address at a domain whose organisation has an enterprise connection
 * goes to that IdP (with `login_hint`); every other address continues with password or passkey.
 * The connection comes from the address's domain alone (discoverRealm); the form names none.
 */
export const identifyAction = tenantAction(
  { auth: "none", input: ZIdentifyInput, meta: "sign-in", shows: ["location"] },
  async ({ tenant, input: { email, returnTo: requested }, meta, deps }) => {
    const returnTo = safeReturnTo(tenant.slug, requested);
    const realm = await discoverRealm(deps, tenant, email);
    if (realm.kind === "federated") {
      const admitted = await admitFederatedStart(deps, tenant, meta);
      if (!admitted.ok) return { status: "error", message: failureMessage(tenant, admitted), values: { email } };
      let location: string | null = null;
      try {
        location = await startFederatedSignIn(tenant, realm.connection, realm.email, returnTo);
      } catch {
        // The IdP's discovery document could not be fetched or used.
        location = null;
      }
      if (!location) return { status: "error", message: notice("idp_unreachable"), values: { email } };
      // Not a redirect: the sign-in page's CSP allows forms to post only to Portico (form-action
      // 'self'), which also covers where a form's answer redirects. The form sends the browser on
      // (a script navigation, or the link it shows without JavaScript).
      return { status: "success", message: notice("idp_continue"), values: { email, location } };
    }
    redirect(
      `/${tenant.slug}/login?step=password&login_hint=${encodeURIComponent(realm.email)}&returnTo=${encodeURIComponent(returnTo)}`,
    );
  },
);

const ZLinkInput = z.object({ password: secret(1025) });
export type TLinkState = TFormState<typeof ZLinkInput>;

/** Links the IdP identity waiting in the link cookie to the local account, once its password is proven. */
export const linkAccountAction = tenantAction(
  { auth: "none", input: ZLinkInput, meta: "sign-in" },
  async ({ tenant, input: { password }, meta, deps }) => {
    const jar = await cookies();
    const result = await completeFederatedLink(
      deps,
      tenant,
      { linkToken: jar.get(linkCookieName(tenant.slug))?.value, password },
      meta,
    );
    if (
      !result.ok &&
      (result.code === "LINK_PROOF_FAILED" || result.code === "RATE_LIMITED" || result.code === "LOCKED")
    )
      return { status: "error", message: failureMessage(tenant, result) };
    jar.delete({ name: linkCookieName(tenant.slug), path: "/", secure: true, httpOnly: true, sameSite: "lax" });
    if (!result.ok) redirect(`/${tenant.slug}/login?federation=${encodeURIComponent(result.code)}`);
    if (result.kind !== "signed_in") redirect(`/${tenant.slug}/login?federation=LINK_EXPIRED`);
    await setSessionCookie(tenant, result.token, result.session.absoluteExpiresAt);
    redirect(pendingStageUrl(tenant, result.next, `/${tenant.slug}/account`));
  },
);
