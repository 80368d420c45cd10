// Repositories of progressive profiling: a tenant's profile attributes and its customers' answers.
// Every call names the tenant.
import { randomUUID } from "node:crypto";
import type { TProfileAttribute, TProfileValue } from "../../profile/types";
import { toProfileAttribute } from "../rows";
import type { TDb } from "../types";

export type TProfileAttributeInput = Omit<TProfileAttribute, "id" | "tenantId" | "createdAt" | "updatedAt">;

function attributeData(input: Partial<TProfileAttributeInput>) {
  const { validation, ...rest } = input;
  return { ...rest, ...(validation ? { validation: JSON.stringify(validation) } : {}) };
}

export function profileRepositories(db: TDb) {
  return {
    profileAttributes: {
      list: async (tenantId: string): Promise<TProfileAttribute[]> =>
        (
          await db.profileAttribute.findMany({
            where: { tenantId },
            orderBy: [{ position: "asc" }, { createdAt: "asc" }],
          })
        ).map(toProfileAttribute),
      find: async (tenantId: string, id: string): Promise<TProfileAttribute | null> => {
        const row = await db.profileAttribute.findFirst({ where: { tenantId, id } });
        return row ? toProfileAttribute(row) : null;
      },
      findByKey: async (tenantId: string, key: string): Promise<TProfileAttribute | null> => {
        const row = await db.profileAttribute.findUnique({ where: { tenantId_key: { tenantId, key } } });
        return row ? toProfileAttribute(row) : null;
      },
      create: async (tenantId: string, input: TProfileAttributeInput): Promise<TProfileAttribute> =>
        toProfileAttribute(
          await db.profileAttribute.create({
            data: { id: randomUUID(), tenantId, ...input, validation: JSON.stringify(input.validation) },
          }),
        ),
      update: async (tenantId: string, id: string, patch: Partial<TProfileAttributeInput>) =>
        (await db.profileAttribute.updateMany({ where: { tenantId, id }, data: attributeData(patch) })).count === 1,
      delete: async (tenantId: string, id: string) =>
        (await db.profileAttribute.deleteMany({ where: { tenantId, id } })).count === 1,
    },
    profileValues: {
      listForUser: (tenantId: string, userId: string): Promise<TProfileValue[]> =>
        db.profileValue.findMany({ where: { tenantId, userId } }),
      /** Writes the answer (or the skip) of the user to the attribute, replacing an earlier one. */
      put: async (
        tenantId: string,
        userId: string,
        attributeId: string,
        data: Omit<TProfileValue, "tenantId" | "userId" | "attributeId">,
      ) => {
        await db.profileValue.upsert({
          where: { userId_attributeId: { userId, attributeId } },
          create: { tenantId, userId, attributeId, ...data },
          update: data,
        });
      },
      remove: async (tenantId: string, userId: string, attributeId: string) =>
        (await db.profileValue.deleteMany({ where: { tenantId, userId, attributeId } })).count === 1,
    },
  };
}
