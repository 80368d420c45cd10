"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { messageFor } from "@/lib/copy";
import { saveConnection, testConnectionFromConsole } from "@/lib/federation/console";
import type { TDiscoveryReport } from "@/lib/federation/connections";
import { checkbox, secret, text } from "@/lib/next/form-input";
import type { TFormState } from "@/lib/next/form-state";
import { staffAction } from "@/lib/next/staff-action";

const ZConnectionInput = z.object({
  organisation: text(64),
  issuer: text(300),
  clientId: text(200),
  clientSecret: secret(501),
  scopes: text(1000),
  claimEmail: text(100),
  claimEmailVerified: text(100),
  claimName: text(100),
  jit: checkbox(),
  trustIdpAssurance: checkbox(),
});
export type TConnectionState = TFormState<typeof ZConnectionInput>;

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

const FIELD_OF = {
  issuer: "issuer",
  client_id: "clientId",
  client_secret: "clientSecret",
  scopes: "scopes",
  claim_mapping: "claimEmail",
} as const;

export const saveConnectionAction = staffAction(
  {
    console: "admin",
    stepUp: "fresh",
    input: ZConnectionInput,
    keep: ({ clientSecret: _secret, jit, trustIdpAssurance, ...rest }) => ({
      ...rest,
      jit: jit ? "on" : "",
      trustIdpAssurance: trustIdpAssurance ? "on" : "",
    }),
  },
  async ({ authority, input, meta, deps }): Promise<TConnectionState> => {
    const result = await saveConnection(deps, { authority, meta }, input);
    const { clientSecret: _secret, ...kept } = input;
    const values = { ...kept, jit: input.jit ? "on" : "", trustIdpAssurance: input.trustIdpAssurance ? "on" : "" };
    if (!result.ok) {
      if (result.code === "INVALID_CONNECTION")
        return {
          status: "error",
          message: "Some values need attention.",
          fieldErrors: { [FIELD_OF[result.params.field]]: messageFor(result) },
          values,
        };
      return { status: "error", message: messageFor(result), values };
    }
    revalidatePath(`/admin/${authority.tenant.slug}/organisations/${input.organisation}/connection`);
    const { unlinked } = result;
    const message = unlinked
      ? `Saved the enterprise connection. The issuer changed, so ${plural(unlinked.identities, "linked identity", "linked identities")} and ${plural(unlinked.linkRequests, "pending link", "pending links")} were removed: members link again at their next sign-in.`
      : "Saved the enterprise connection.";
    return { status: "success", message, values };
  },
);

const ZTestInput = z.object({ organisation: text(64) });
export type TTestState = TFormState<typeof ZTestInput, TDiscoveryReport>;

export const testConnectionAction = staffAction(
  { console: "admin", stepUp: "fresh", input: ZTestInput },
  async ({ authority, input, meta, deps }): Promise<TTestState> => {
    const result = await testConnectionFromConsole(deps, { authority, meta }, input.organisation);
    if (!result.ok)
      return {
        status: "error",
        message: "notConfigured" in result ? "Save the connection first, then test it." : messageFor(result),
      };
    return {
      status: result.value.issuerMatches ? "success" : "error",
      message: result.value.issuerMatches
        ? "The identity provider's discovery document was found."
        : "The discovery document names a different issuer.",
      extra: result.value,
    };
  },
);
