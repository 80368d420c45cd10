import { beforeEach, describe, expect, it } from "vitest";
import { META, testScenario, type TSignedIn, type TWithTotp } from "../../tests/scenario";
import { validateSession } from "../sessions/validate-session";
import { inviteToTenant } from "../invitations/invitations";
import type { TOrganisation } from "../organisations/types";
import { inviteMember, resendMemberInvitation, revokeMemberInvitation } from "./invitations";
import type { TOrgAuth } from "./members";

const REASON = "New starter in the finance team";
const t = testScenario();
let initech: TOrganisation;
let hooli: TOrganisation;
let ada: TWithTotp;
let bob: TSignedIn;

beforeEach(async () => {
  const org = (slug: string) =>
    t.store.organisations.create({
      tenantId: t.globex.id,
      slug,
      name: slug,
      domains: [`${slug}.test`],
      policy: {},
      at: t.clock.now(),
    });
  initech = await org("initech");
  hooli = await org("hooli");
  ada = await t.withTotp("ada@initech.test", { tenant: t.globex });
  await t.store.memberships.set(t.globex.id, ada.user.id, initech.id, "org_admin");
  bob = await t.signedIn("bob@initech.test", { tenant: t.globex });
  await t.store.memberships.set(t.globex.id, bob.user.id, initech.id, "member");
});

async function auth(who: { token: string }): Promise<TOrgAuth> {
  const valid = await validateSession(t.deps, t.globex, who.token);
  if (!valid) throw new Error("expected a valid session");
  return valid;
}

/** An invitation to Hooli, made by the operator. */
async function hooliInvitation() {
  const made = await inviteToTenant(
    t.deps,
    { kind: "operator", tenant: t.globex, meta: META },
    { email: "zoe@hooli.test", organisation: "hooli" },
  );
  if (!made.ok) throw new Error(JSON.stringify(made));
  return made.invitation;
}

describe("an organisation administrator's invitations", () => {
  it("invite to the administrator's own organisation only, after a fresh step-up, with the reason in the audit row; the link is never in the answer", async () => {
    const result = await inviteMember(
      t.deps,
      t.globex,
      await auth(ada),
      { email: "new@initech.test", role: "member", reason: REASON },
      META,
    );
    expect(result).toMatchObject({
      ok: true,
      invitation: { email: "new@initech.test", organisation: { id: initech.id } },
    });
    expect(JSON.stringify(result)).not.toContain("token=");
    const [row] = await t.store.audit.list(t.globex.id, { type: "invitation.sent" });
    expect(row).toMatchObject({ userId: ada.user.id, staffId: null, reason: REASON });
    // Five minutes on, the step-up is stale.
    t.clock.advance(6 * 60_000);
    expect(
      await inviteMember(
        t.deps,
        t.globex,
        await auth(ada),
        { email: "x@initech.test", role: "member", reason: REASON },
        META,
      ),
    ).toMatchObject({ ok: false, module: "step_up", code: "REQUIRED" });
  });

  it("another organisation's invitation cannot be resent or revoked by an org_admin, and a plain member cannot invite", async () => {
    const zoe = await hooliInvitation();
    for (const change of [resendMemberInvitation, revokeMemberInvitation])
      expect(
        await change(t.deps, t.globex, await auth(ada), { invitationId: zoe.id, reason: REASON }, META),
      ).toMatchObject({ ok: false, module: "invitation", code: "NOT_FOUND" });
    expect((await t.store.invitations.findById(t.globex.id, zoe.id))?.revokedAt).toBeNull();
    expect(
      await inviteMember(
        t.deps,
        t.globex,
        await auth(bob),
        { email: "y@initech.test", role: "member", reason: REASON },
        META,
      ),
    ).toMatchObject({ ok: false, module: "org_admin", code: "NOT_ALLOWED" });
    expect(
      await inviteMember(
        t.deps,
        t.globex,
        await auth(ada),
        { email: "y@initech.test", role: "member", reason: "" },
        META,
      ),
    ).toMatchObject({ ok: false, code: "REASON_INVALID" });
    expect(await t.store.invitations.listOpenForEmail(t.globex.id, "y@initech.test")).toEqual([]);
    expect(hooli.id).not.toBe(initech.id);
  });
});
