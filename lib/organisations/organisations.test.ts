import { beforeEach, describe, expect, it } from "vitest";
import { actingStaff } from "../../tests/support/staff";
import { expectOk, META, okValue, testScenario, type TScenarioStaff } from "../../tests/scenario";
import type { TOrgActor } from "./actor";
import {
  createOrganisation,
  findOrganisation,
  listOrganisations,
  normaliseDomain,
  organisationForEmail,
  removeMembership,
  renameOrganisation,
  setMembership,
  setOrganisationDomains,
  slugFromName,
  type TOrganisationResult,
} from "./organisations";

const t = testScenario();
const made = async (result: Promise<TOrganisationResult>) => okValue(await result).organisation;
let olive: TScenarioStaff;
const operator = (): TOrgActor => ({ kind: "operator", tenant: t.globex, meta: META });
const admin = async (): Promise<TOrgActor> => ({ kind: "console", ...(await actingStaff(t, olive, "globex")) });

beforeEach(async () => {
  olive = await t.staff("olive@globex.example", "admin", { tenantSlug: "globex", name: "Olive" });
});

describe("domains and slugs", () => {
  it("normalises domains to lower-case ASCII and refuses what is not one", () => {
    expect(normaliseDomain(" Initech.TEST ")).toBe("initech.test");
    expect(normaliseDomain("@initech.test.")).toBe("initech.test");
    expect(normaliseDomain("bücher.example")).toBe("xn--bcher-kva.example");
    for (const bad of ["localhost", "https://initech.test", "a b.test", "-x.test", "10.0.0.1", "ada@initech.test", ""])
      expect(normaliseDomain(bad), bad).toBeNull();
  });

  it("derives a URL-safe slug from the name", () => {
    expect(slugFromName("Initech, Inc.")).toBe("initech-inc");
    expect(slugFromName("Société Générale")).toBe("societe-generale");
  });
});

describe("organisations", () => {
  it("creates one with a derived slug and normalised domains, audited; the second of a name gets -2", async () => {
    const created = await made(
      createOrganisation(t.deps, await admin(), { name: "Initech", domains: ["Initech.test", "initech.test"] }),
    );
    expect(created).toMatchObject({ slug: "initech", name: "Initech", domains: ["initech.test"] });
    const second = await made(createOrganisation(t.deps, operator(), { name: "Initech" }));
    expect(second.slug).toBe("initech-2");
    const events = await t.store.audit.list(t.globex.id, { limit: 10 });
    expect(events.filter((e) => e.type === "organisation.created").map((e) => e.data)).toEqual(
      expect.arrayContaining([
        { organisation: created.id, slug: "initech", domains: ["initech.test"], by: `staff:${olive.staff.id}` },
        { organisation: second.id, slug: "initech-2", domains: [], by: "operator" },
      ]),
    );
  });

  it("refuses a taken slug given explicitly, a domain another organisation owns, and bad input", async () => {
    expectOk(await createOrganisation(t.deps, operator(), { name: "Initech", domains: ["initech.test"] }));
    expect(await createOrganisation(t.deps, operator(), { name: "Other", slug: "initech" })).toMatchObject({
      ok: false,
      module: "organisation",
      code: "SLUG_TAKEN",
    });
    expect(await createOrganisation(t.deps, operator(), { name: "Other", domains: ["INITECH.test"] })).toMatchObject({
      ok: false,
      code: "DOMAIN_TAKEN",
      params: { domain: "initech.test" },
    });
    expect(await createOrganisation(t.deps, operator(), { name: "  " })).toMatchObject({
      code: "INVALID_INPUT",
      params: { field: "name", problem: "missing" },
    });
    expect(await createOrganisation(t.deps, operator(), { name: "X", slug: "Bad Slug" })).toMatchObject({
      code: "INVALID_INPUT",
      params: { field: "slug" },
    });
    expect(await createOrganisation(t.deps, operator(), { name: "X", domains: ["not a domain"] })).toMatchObject({
      code: "INVALID_INPUT",
      params: { field: "domain", problem: "invalid" },
    });
  });

  it("a domain is unique per tenant only: another tenant may use it", async () => {
    expectOk(await createOrganisation(t.deps, operator(), { name: "Initech", domains: ["initech.test"] }));
    expectOk(
      await createOrganisation(
        t.deps,
        { kind: "operator", tenant: t.acme, meta: META },
        { name: "Initech", domains: ["initech.test"] },
      ),
    );
    expect((await organisationForEmail(t.deps, t.acme, "ADA@initech.test"))?.tenantId).toBe(t.acme.id);
    expect((await organisationForEmail(t.deps, t.globex, "ada@initech.test"))?.tenantId).toBe(t.globex.id);
    expect(await organisationForEmail(t.deps, t.globex, "ada@elsewhere.test")).toBeNull();
    expect(await organisationForEmail(t.deps, t.globex, "not-an-address")).toBeNull();
  });

  it("renames and replaces domains, each audited with what changed", async () => {
    const org = await made(createOrganisation(t.deps, operator(), { name: "Initech", domains: ["initech.test"] }));
    okValue(await renameOrganisation(t.deps, await admin(), { organisationId: org.id, name: "Initech Ltd" }));
    okValue(
      await setOrganisationDomains(t.deps, await admin(), {
        organisationId: org.id,
        domains: ["initech.example", "initech.test"],
      }),
    );
    const found = await findOrganisation(t.deps, t.globex, { slug: "initech" });
    expect(found).toMatchObject({ name: "Initech Ltd", domains: ["initech.example", "initech.test"] });
    const updates = (await t.store.audit.list(t.globex.id, { limit: 10 }))
      .filter((e) => e.type === "organisation.updated")
      .map((e) => e.data);
    expect(updates).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: { from: "Initech", to: "Initech Ltd" } }),
        expect.objectContaining({ domains: { added: ["initech.example"], removed: [] } }),
      ]),
    );
  });

  it("lists organisations with member counts; a member of one organisation cannot be set in another", async () => {
    const initech = await made(createOrganisation(t.deps, operator(), { name: "Initech" }));
    const hooli = await made(createOrganisation(t.deps, operator(), { name: "Hooli" }));
    const ada = await t.user("ada@initech.test", { tenant: t.globex });
    okValue(
      await setMembership(t.deps, await admin(), { organisationId: initech.id, userId: ada.id, role: "org_admin" }),
    );
    expect((await listOrganisations(t.deps, t.globex)).map((o) => [o.slug, o.memberCount])).toEqual([
      ["hooli", 0],
      ["initech", 1],
    ]);
    expect(
      await setMembership(t.deps, await admin(), { organisationId: hooli.id, userId: ada.id, role: "member" }),
    ).toMatchObject({ ok: false, code: "OTHER_ORGANISATION" });
    okValue(await removeMembership(t.deps, await admin(), { organisationId: initech.id, userId: ada.id }));
    expect((await t.store.users.findById(t.globex.id, ada.id))?.organisationId).toBeNull();
  });

  it("another tenant's organisation is not found, and the support workbench cannot change organisations", async () => {
    const acmeOrg = await made(
      createOrganisation(t.deps, { kind: "operator", tenant: t.acme, meta: META }, { name: "Acme Partners" }),
    );
    expect(await renameOrganisation(t.deps, await admin(), { organisationId: acmeOrg.id, name: "Mine" })).toMatchObject(
      {
        ok: false,
        code: "NOT_FOUND",
      },
    );
    const sid = await t.staff("sid@globex.example", "support", { tenantSlug: "globex" });
    expect(
      await createOrganisation(
        t.deps,
        { kind: "console", ...(await actingStaff(t, sid, "globex", "support")) },
        { name: "X" },
      ),
    ).toMatchObject({ ok: false, code: "NOT_ALLOWED" });
  });
});
