// Words for outcomes: `messageFor(failure)` finds the sentence for a failure's module and code in
// the message catalogue (English today). Pages, actions and routes call it; use cases never do.
import type { TAnyFailure } from "../kernel/outcome";
import { EN } from "./en";
import type { TCopyContext } from "./messages";

export type { TCopyContext };

type TLookup = Record<string, Record<string, (params: Record<string, unknown>, context: TCopyContext) => string>>;

export function messageFor(
  failure: Pick<TAnyFailure, "module" | "code" | "params">,
  context: TCopyContext = {},
): string {
  const message = (EN as unknown as TLookup)[failure.module]?.[failure.code];
  if (!message) throw new Error(`No message for outcome ${failure.module}.${failure.code}`);
  return message(failure.params, context);
}
