// Command-line options of `npm run bench`.
export type TBenchOptions = {
  /** PostgreSQL server to create the throwaway database on, or null for SQLite. */
  pgAdminUrl: string | null;
  seconds: number;
  warmupSeconds: number;
  concurrency: number;
  users: number;
  passkeyUsers: number;
  /** Users in the large growth tier; null skips the growth comparison. */
  growthUsers: number | null;
  sessionsPerUser: number;
  port: number;
  out: string;
  pages: boolean;
  /** Folder for a CPU profile of the server, or null. */
  profileDir: string | null;
};

export const DEFAULT_PG_URL = "postgresql://portico:portico@localhost:5432/portico";

export const USAGE = `npm run bench -- [options]
  --pg[=<url>]           PostgreSQL instead of SQLite; a database is created on that server and dropped
                         afterwards (default ${DEFAULT_PG_URL}, or BENCH_PG_URL)
  --duration=<s>         measured seconds per scenario (default 10)
  --warmup=<s>           discarded warm-up seconds before each scenario (default 2)
  --concurrency=<n>      virtual browsers (default 8)
  --users=<n>            bench users (default 1000; also the small growth tier)
  --passkey-users=<n>    of those, users with a passkey (default 256)
  --growth-users=<n>     users in the large growth tier (default 1000000)
  --skip-growth          no growth comparison
  --skip-pages           no page weight / no-JS checks
  --port=<n>             port of the server under test (default 3510)
  --out=<file>           JSON report (default bench-results/latest.json)
  --profile=<dir>        write a V8 CPU profile of the server there (open it in Chrome DevTools)`;

function positiveInt(name: string, raw: string): number {
  const value = Number(raw.replace(/_/g, ""));
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} needs a positive whole number, got "${raw}"`);
  return value;
}

export function parseOptions(argv: readonly string[], env: Record<string, string | undefined> = {}): TBenchOptions {
  const options: TBenchOptions = {
    pgAdminUrl: null,
    seconds: 10,
    warmupSeconds: 2,
    concurrency: 8,
    users: 1000,
    passkeyUsers: 256,
    growthUsers: 1_000_000,
    sessionsPerUser: 10,
    port: 3510,
    out: "bench-results/latest.json",
    pages: true,
    profileDir: null,
  };
  for (const arg of argv) {
    const [flag = "", value] = arg.split(/=(.*)/s, 2);
    const need = () => {
      if (value === undefined || value === "") throw new Error(`${flag} needs a value`);
      return value;
    };
    switch (flag) {
      case "--pg":
        options.pgAdminUrl = value || env.BENCH_PG_URL || DEFAULT_PG_URL;
        break;
      case "--duration":
        options.seconds = positiveInt("duration", need());
        break;
      case "--warmup":
        options.warmupSeconds = Number(need());
        if (!(options.warmupSeconds >= 0)) throw new Error("--warmup needs a number of seconds");
        break;
      case "--concurrency":
        options.concurrency = positiveInt("concurrency", need());
        break;
      case "--users":
        options.users = positiveInt("users", need());
        break;
      case "--passkey-users":
        options.passkeyUsers = positiveInt("passkey-users", need());
        break;
      case "--growth-users":
        options.growthUsers = positiveInt("growth-users", need());
        break;
      case "--skip-growth":
        options.growthUsers = null;
        break;
      case "--skip-pages":
        options.pages = false;
        break;
      case "--port":
        options.port = positiveInt("port", need());
        break;
      case "--profile":
        options.profileDir = need();
        break;
      case "--out":
        options.out = need();
        break;
      default:
        throw new Error(`unknown option ${arg}\n\n${USAGE}`);
    }
  }
  options.passkeyUsers = Math.min(options.passkeyUsers, options.users);
  if (options.users < options.concurrency * 2) throw new Error("--users must be at least twice --concurrency");
  if (options.passkeyUsers < options.concurrency) throw new Error("--passkey-users must be at least --concurrency");
  if (options.growthUsers !== null && options.growthUsers <= options.users)
    throw new Error("--growth-users must be larger than --users");
  return options;
}
