// Entry point of one app instance for the cluster tests: the production build in .next served by
// scripts/serve.ts, exactly as `npm start` serves it, minus the migrations (the test has run them
// once, so several instances never race to migrate) and minus any build step.
import path from "node:path";
import { serve } from "../../scripts/serve";

const root = path.resolve(import.meta.dirname, "..", "..");
const port = Number(process.env.PORT);
await serve({ dev: false, port, hostname: "127.0.0.1", dir: root });
console.log(`instance ready on ${port}`);
