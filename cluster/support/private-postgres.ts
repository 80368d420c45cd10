// A private PostgreSQL server for the fault tests: initdb into a temporary folder, started and
// stopped with pg_ctl on its own port, so a test can take its database away and bring it back
// without touching any server someone else uses. As root the data folder belongs to the postgres
// user and every command runs through `runuser -u postgres`, as PostgreSQL refuses to run as root.
import { execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export type TPrivatePostgres = {
  /** postgresql:// URL of the `portico` database, owned by the `portico` role (trust auth, loopback only). */
  url: string;
  port: number;
  stop(): void;
  start(): void;
  destroy(): void;
};

/** The bin folder of the newest installed PostgreSQL server, or PORTICO_PG_BIN. */
export function findPostgresBin(): string {
  const candidates = process.env.PORTICO_PG_BIN
    ? [process.env.PORTICO_PG_BIN]
    : existsSync("/usr/lib/postgresql")
      ? readdirSync("/usr/lib/postgresql")
          .sort((a, b) => Number(b) - Number(a))
          .map((version) => path.join("/usr/lib/postgresql", version, "bin"))
      : [];
  const bin = candidates.find((dir) => existsSync(path.join(dir, "initdb")) && existsSync(path.join(dir, "pg_ctl")));
  if (!bin) {
    throw new Error(
      "The fault tests need PostgreSQL server binaries (initdb, pg_ctl) to run a private server, and none were found under /usr/lib/postgresql/*/bin. Install the postgresql package (apt-get install postgresql) or set PORTICO_PG_BIN.",
    );
  }
  return bin;
}

export function startPrivatePostgres(port: number): TPrivatePostgres {
  const bin = findPostgresBin();
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(path.join(os.tmpdir(), "portico-pg-"));
  const data = path.join(dir, "data");
  const log = path.join(dir, "server.log");
  if (asRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
    chownSync(dir, uid, gid);
  }
  const run = (tool: string, args: string[]) => {
    const command = asRoot ? "runuser" : path.join(bin, tool);
    const fullArgs = asRoot ? ["-u", "postgres", "--", path.join(bin, tool), ...args] : args;
    try {
      return execFileSync(command, fullArgs, { cwd: dir, stdio: "pipe", timeout: 60_000 }).toString();
    } catch (error) {
      const detail = error instanceof Error && "stderr" in error ? String((error as { stderr: unknown }).stderr) : String(error);
      const serverLog = existsSync(log) ? execFileSync("tail", ["-n", "20", log]).toString() : "";
      throw new Error(`${tool} ${args.join(" ")} failed: ${detail}\n${serverLog}`);
    }
  };
  run("initdb", ["-D", data, "-U", "portico", "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"]);
  // Loopback TCP only and a socket in the temporary folder: nothing collides with the system's
  // server. fsync is off because only the app is ever killed here, never this server.
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=100`;
  const start = () => void run("pg_ctl", ["-D", data, "-l", log, "-o", options, "-w", "-t", "30", "start"]);
  const stop = () => void run("pg_ctl", ["-D", data, "-m", "fast", "-w", "-t", "30", "stop"]);
  start();
  run("createdb", ["-h", "127.0.0.1", "-p", String(port), "-U", "portico", "portico"]);
  return {
    url: `postgresql://portico@127.0.0.1:${port}/portico`,
    port,
    start,
    stop,
    destroy: () => {
      try {
        stop();
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
