// Types of what eslint.config.mjs exports, for tests/layering.test.ts.
export declare const DOMAIN_GRAPH: Record<string, readonly string[]>;
declare const config: readonly unknown[];
export default config;
