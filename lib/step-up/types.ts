// Step-up action policies as the repositories return them (methods parsed). A leaf: imports nothing.

export const STEP_UP_METHODS = ["password", "totp", "recovery_code", "passkey"] as const;
export type TStepUpMethod = (typeof STEP_UP_METHODS)[number];

/** A tenant's stored policy row for one action. */
export type TStepUpPolicy = {
  id: string;
  tenantId: string;
  action: string;
  label: string;
  minAal: number;
  singleFactorAal: number | null;
  maxAgeMinutes: number;
  /** Allowed methods; [] allows any (also what a malformed stored list reads as). */
  methods: TStepUpMethod[];
  singleUse: boolean;
  builtIn: boolean;
  createdAt: Date;
  updatedAt: Date;
};

/** Elevations of single-use actions are bound to that action; all others to the level reached. */
export const ANY_ACTION = "*";
