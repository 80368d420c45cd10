"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { messageFor } from "@/lib/copy";
import { list, text } from "@/lib/next/form-input";
import type { TFieldName, TFormState } from "@/lib/next/form-state";
import { staffAction } from "@/lib/next/staff-action";
import { registerApp, removeApp, rotateAppSecret, rotateKeys, updateApp, type TAppForm } from "@/lib/oidc/console";
import type { OIDC_CLIENT } from "@/lib/oidc/outcomes";
import type { TFailure } from "@/lib/kernel/outcome";

const ZAppInput = z.object({
  clientId: text(64),
  name: text(200),
  type: text(16),
  redirectUris: text(20_000),
  postLogoutRedirectUris: text(20_000),
  backchannelLogoutUri: text(2_100),
  scopes: list(8, 32),
  firstParty: text(4),
  minAal: text(4),
  accessTokenTtlMinutes: text(8),
});

/** An app's registration as its form shows it. */
export type TAppValues = Omit<Record<TFieldName<typeof ZAppInput>, string>, "clientId">;
/** Beside its fields, a registration or a rotation carries the secret, to be shown this once. */
export type TShownSecret = { clientId: string; name: string; clientSecret: string | null };
export type TAppState = TFormState<typeof ZAppInput, TShownSecret>;

const FIELD_OF = {
  name: "name",
  type: "type",
  redirect_uris: "redirectUris",
  post_logout_redirect_uris: "postLogoutRedirectUris",
  backchannel_logout_uri: "backchannelLogoutUri",
  scopes: "scopes",
  min_aal: "minAal",
  access_token_ttl: "accessTokenTtlMinutes",
} as const satisfies Record<string, TFieldName<typeof ZAppInput>>;

function formOf(input: z.output<typeof ZAppInput>): TAppForm {
  return { ...input, firstParty: input.firstParty === "on" };
}

function valuesOf(input: z.output<typeof ZAppInput>): TAppValues {
  const { clientId: _id, scopes, ...rest } = input;
  return { ...rest, scopes: scopes.join(",") };
}

/** A refused registration: the message, the field it names, and what was typed put back. */
function refusal(result: TFailure<typeof OIDC_CLIENT> | { message: string }, values: TAppValues): TAppState {
  if ("code" in result && result.code === "INVALID_CLIENT") {
    return {
      status: "error",
      message: "Some values need attention.",
      fieldErrors: { [FIELD_OF[result.params.field]]: messageFor(result) },
      values,
    };
  }
  return { status: "error", message: "code" in result ? messageFor(result) : result.message, values };
}

export const registerAppAction = staffAction(
  { console: "admin", stepUp: "fresh", input: ZAppInput, keep: valuesOf },
  async ({ authority, input, meta, deps }): Promise<TAppState> => {
    const result = await registerApp(deps, { authority, meta }, formOf(input));
    if (!result.ok)
      return result.module === "oidc_client"
        ? refusal(result, valuesOf(input))
        : { status: "error", message: messageFor(result), values: valuesOf(input) };
    revalidatePath(`/admin/${authority.tenant.slug}/apps`);
    const { app, clientSecret } = result.value;
    return {
      status: "success",
      message: `Registered ${app.name}.`,
      extra: { clientId: app.clientId, name: app.name, clientSecret },
    };
  },
);

export const updateAppAction = staffAction(
  { console: "admin", stepUp: "fresh", input: ZAppInput, keep: valuesOf },
  async ({ authority, input, meta, deps }): Promise<TAppState> => {
    const result = await updateApp(deps, { authority, meta }, input.clientId, formOf(input));
    if (!result.ok)
      return result.module === "oidc_client"
        ? refusal(result, valuesOf(input))
        : { status: "error", message: messageFor(result), values: valuesOf(input) };
    revalidatePath(`/admin/${authority.tenant.slug}/apps`);
    const count = Object.keys(result.changed).length;
    return {
      status: "success",
      message:
        count === 0 ? "Nothing changed." : `Saved ${result.value.name}. The change counts from the next sign-in.`,
      values: valuesOf(input),
    };
  },
);

const ZReasonInput = z.object({ clientId: text(64), reason: text(600) });

/** A refused reason is the reason field's error; anything else is the form's message. */
function reasonRefusal(result: { code: string } & Parameters<typeof messageFor>[0], reason: string) {
  const message = messageFor(result);
  return {
    status: "error" as const,
    message,
    ...(result.code === "REASON_INVALID" ? { fieldErrors: { reason: message } } : {}),
    values: { reason },
  };
}

export const rotateAppSecretAction = staffAction(
  { console: "admin", stepUp: "fresh", input: ZReasonInput },
  async ({ authority, input, meta, deps }): Promise<TFormState<typeof ZReasonInput, TShownSecret>> => {
    const result = await rotateAppSecret(deps, { authority, meta }, input);
    if (!result.ok) return reasonRefusal(result, input.reason);
    revalidatePath(`/admin/${authority.tenant.slug}/apps`);
    const { app, clientSecret } = result.value;
    return {
      status: "success",
      message: `${app.name} has a new secret. The old one no longer works.`,
      extra: { clientId: app.clientId, name: app.name, clientSecret },
    };
  },
);

export const removeAppAction = staffAction(
  { console: "admin", stepUp: "fresh", input: ZReasonInput },
  async ({ authority, input, meta, deps }): Promise<TFormState<typeof ZReasonInput>> => {
    const result = await removeApp(deps, { authority, meta }, input);
    if (!result.ok) return reasonRefusal(result, input.reason);
    revalidatePath(`/admin/${authority.tenant.slug}/apps`);
    return { status: "success", message: `Removed ${result.value.name}.` };
  },
);

const ZKeysInput = z.object({ reason: text(600) });

export const rotateKeysAction = staffAction(
  { console: "admin", stepUp: "fresh", input: ZKeysInput },
  async ({ authority, input, meta, deps }): Promise<TFormState<typeof ZKeysInput>> => {
    const result = await rotateKeys(deps, { authority, meta }, input);
    if (!result.ok) return reasonRefusal(result, input.reason);
    revalidatePath(`/admin/${authority.tenant.slug}/apps`);
    return {
      status: "success",
      message: "New signing keys sign from now on. The old ones stay published until every token they signed expired.",
    };
  },
);
