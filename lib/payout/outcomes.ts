import { z } from "zod";
import { defineOutcomes } from "../kernel/outcome";

export const PAYOUT = defineOutcomes("payout", {
  /** A field of the payout form does not hold; `field` names it, `problem` says what is wrong. */
  INVALID_INPUT: {
    status: 400,
    params: z.object({
      field: z.enum(["holder", "iban"]),
      problem: z.enum(["holder_missing", "holder_too_long", "holder_characters", "iban"]),
    }),
  },
});
