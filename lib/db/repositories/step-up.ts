// Repositories for the step-up module: per-tenant action policies and short-lived elevations.
import { randomUUID } from "node:crypto";
import type { TStepUpPolicy } from "../../step-up/types";
import type { StepUpGrant } from "../generated/sqlite/client";
import { mapNullable, toStepUpPolicy } from "../rows";
import type { TDb } from "../types";

export type { TStepUpPolicy } from "../../step-up/types";
export type TStepUpGrant = StepUpGrant;

/** A policy as a save writes it. */
export type TStepUpPolicyInput = Omit<TStepUpPolicy, "id" | "tenantId" | "createdAt" | "updatedAt">;

/** The row of a policy the tenant does not have yet. */
function newPolicyRow(tenantId: string, input: TStepUpPolicyInput, at: Date) {
  return { id: randomUUID(), tenantId, ...input, methods: JSON.stringify(input.methods), createdAt: at, updatedAt: at };
}

export function stepUpRepositories(db: TDb) {
  return {
    stepUpPolicies: {
      list: async (tenantId: string) =>
        (
          await db.stepUpPolicy.findMany({ where: { tenantId }, orderBy: [{ builtIn: "desc" }, { action: "asc" }] })
        ).map(toStepUpPolicy),
      find: async (tenantId: string, action: string) =>
        mapNullable(toStepUpPolicy)(
          await db.stepUpPolicy.findUnique({ where: { tenantId_action: { tenantId, action } } }),
        ),
      /** Creates the policy when missing; an existing one keeps what the tenant made of it. */
      ensure: async (tenantId: string, input: TStepUpPolicyInput, at: Date) => {
        const found = await db.stepUpPolicy.findUnique({
          where: { tenantId_action: { tenantId, action: input.action } },
        });
        if (found) return toStepUpPolicy(found);
        return toStepUpPolicy(await db.stepUpPolicy.create({ data: newPolicyRow(tenantId, input, at) }));
      },
      save: async (tenantId: string, input: TStepUpPolicyInput, at: Date) =>
        toStepUpPolicy(
          await db.stepUpPolicy.upsert({
            where: { tenantId_action: { tenantId, action: input.action } },
            create: newPolicyRow(tenantId, input, at),
            update: { ...input, methods: JSON.stringify(input.methods), updatedAt: at },
          }),
        ),
      remove: async (tenantId: string, action: string) =>
        (await db.stepUpPolicy.deleteMany({ where: { tenantId, action, builtIn: false } })).count === 1,
    },

    stepUpGrants: {
      create: ({
        at,
        ...input
      }: {
        tenantId: string;
        userId: string;
        sessionId: string;
        action: string;
        aal: number;
        method: string;
        expiresAt: Date;
        at: Date;
      }) => db.stepUpGrant.create({ data: { id: randomUUID(), ...input, createdAt: at } }),
      /** Unexpired, unconsumed elevations of this session for this action, newest first. */
      listUsable: (tenantId: string, userId: string, sessionId: string, action: string, now: Date) =>
        db.stepUpGrant.findMany({
          where: { tenantId, userId, sessionId, action, consumedAt: null, expiresAt: { gt: now } },
          orderBy: { createdAt: "desc" },
        }),
      /** Uses a single-use elevation up; conditional, so one elevation serves one action. */
      consume: async (tenantId: string, id: string, now: Date) =>
        (
          await db.stepUpGrant.updateMany({
            where: { tenantId, id, consumedAt: null, expiresAt: { gt: now } },
            data: { consumedAt: now },
          })
        ).count === 1,
      /** Withdraws every open elevation of a session (on a context shift or sign-out). */
      revokeForSession: async (tenantId: string, sessionId: string, now: Date) =>
        (
          await db.stepUpGrant.updateMany({
            where: { tenantId, sessionId, consumedAt: null },
            data: { consumedAt: now },
          })
        ).count,
    },
  };
}
