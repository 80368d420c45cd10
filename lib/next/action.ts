import "server-only";
import { randomUUID } from "node:crypto";
import { unstable_rethrow } from "next/navigation";
import { isDatabaseUnavailable } from "../db/errors";
import type { TTenant } from "../tenancy/types";
import { noteActionReached, noteMalformedRequest } from "../security/request-context";
import type { TFormState } from "./form-state";
import { findTenant } from "./tenant";
import { notice } from "../copy/words";

export type { TFormState };

export function formString(formData: FormData, name: string, max = 4096): string {
  const value = formData.get(name);
  return typeof value === "string" ? value.slice(0, max) : "";
}

export async function tenantFromForm(formData: FormData): Promise<TTenant | null> {
  return findTenant(formString(formData, "tenant", 64));
}

/**
 * Wraps a form action: unexpected failures become a calm message with a reference instead of a
 * 500 and a stack trace (the detail goes to the server log), while Next's redirects pass through,
 * and so does an unreachable database (answered 503 by the server).
 */
export function formAction<F extends string = string, X = never>(
  handler: (formData: FormData) => Promise<TFormState<F, X>>,
) {
  return async (_previous: TFormState<F, X>, formData: FormData): Promise<TFormState<F, X>> => {
    assertFormData(formData);
    try {
      return await handler(formData);
    } catch (error) {
      unstable_rethrow(error);
      // An unreachable database is not "something went wrong" with this form: the request ends
      // as a whole, and the server answers it with its 503 page (scripts/serve.ts).
      if (isDatabaseUnavailable(error)) throw error;
      const reference = randomUUID().slice(0, 8);
      console.error(
        `[action ${reference}]`,
        error instanceof Error ? `${error.name}: ${error.message}` : "unknown error",
      );
      return {
        status: "error",
        message: notice("unexpected_error", { reference }),
      };
    }
  };
}

/**
 * Every action is posted a FormData by its form; anything else (an action id called with made-up
 * arguments) is a malformed request: it is noted so that the server answers it with a plain 400,
 * and nothing runs. Reaching this point is noted too, so that later failures count as the app's.
 */
function assertFormData(formData: unknown): asserts formData is FormData {
  noteActionReached();
  if (formData instanceof FormData) return;
  noteMalformedRequest();
  throw new Error("A server action was called without form data.");
}

/** For an action bound directly to a form (`<form action={…}>`), which only redirects. */
export function redirectingFormAction(handler: (formData: FormData) => Promise<void>) {
  return async (formData: FormData): Promise<void> => {
    assertFormData(formData);
    await handler(formData);
  };
}
