import { defineConfig } from "vitest/config";

// The cluster step (`npm test -- --steps=cluster`): real production app processes on PostgreSQL,
// driven over HTTP. Kept out of the unit run (vitest.config.mts only includes lib/ and tests/).
// One file at a time: the files start servers on fixed ports and put the machine under load.
export default defineConfig({
  test: {
    include: ["cluster/**/*.test.ts"],
    environment: "node",
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    env: { NEXT_TELEMETRY_DISABLED: "1", CHECKPOINT_DISABLE: "1" },
  },
});
