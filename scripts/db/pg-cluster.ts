import { spawn, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

/**
 * A throw-away PostgreSQL cluster for tests and benchmarks: `initdb` into a
 * temp dir, started on a free loopback port (no Unix socket outside the
 * dir), stopped and deleted by `stop()`. Uses Debian's `postgresql`
 * package (programs in /usr/lib/postgresql/<version>/bin, or PG_BIN). The
 * server refuses to run as root, so under root the cluster runs as `nobody`.
 */
export interface PgCluster {
  /** postgresql://postgres@127.0.0.1:PORT/postgres */
  url: string;
  port: number;
  /** A new, empty database on the cluster; its URL. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

const NOBODY = 65534;

/** Where Debian keeps PostgreSQL's server programs (the newest version), or PG_BIN. */
export function findPgBin(): string | null {
  const fromEnv = process.env.PG_BIN;
  if (fromEnv) return existsSync(join(fromEnv, "initdb")) ? fromEnv : null;
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((name) => /^\d+$/.test(name) && existsSync(join(root, name, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], "bin") : null;
}

export async function startPgCluster(): Promise<PgCluster> {
  const bin = findPgBin();
  if (!bin) throw new Error("PostgreSQL's server programs were not found (apt-get install -y postgresql, or set PG_BIN)");
  const dir = mkdtempSync(join(tmpdir(), "proxypulse-pg-"));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) chownSync(dir, NOBODY, NOBODY);
  const run = (program: string, args: string[]) => runAs(join(bin, program), args, asRoot ? NOBODY : null);
  const data = join(dir, "data");
  try {
    await run("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale=C"]);
    const port = await freePort();
    const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
    await run("pg_ctl", ["-D", data, "-o", options, "-l", join(dir, "server.log"), "-w", "-t", "60", "start"]);
    const url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
    let stopped = false;
    // The server is a daemon of its own: a process that ends without stop() (an uncaught error, process.exit) must not leave it running.
    const stopAtExit = () => {
      if (stopped) return;
      spawnSync(join(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"], { stdio: "ignore", ...(asRoot ? { uid: NOBODY, gid: NOBODY } : {}) });
      rmSync(dir, { recursive: true, force: true });
    };
    process.once("exit", stopAtExit);
    return {
      url,
      port,
      createDatabase: async (name) => {
        if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain database name: ${name}`);
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        try {
          await client.query(`CREATE DATABASE ${name}`);
        } finally {
          await client.end();
        }
        return `postgresql://postgres@127.0.0.1:${port}/${name}`;
      },
      stop: async () => {
        if (stopped) return;
        stopped = true;
        process.removeListener("exit", stopAtExit);
        await run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]).catch(() => undefined);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

function runAs(program: string, args: string[], uid: number | null): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, {
      stdio: ["ignore", "pipe", "pipe"],
      // Under root the server's programs run as nobody, in a dir it owns.
      ...(uid === null ? {} : { uid, gid: uid }),
      // Exactly these variables (Next's types make NODE_ENV required on ProcessEnv; initdb needs none of it).
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", LANG: "C", LC_ALL: "C" } as unknown as NodeJS.ProcessEnv,
      cwd: tmpdir(),
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("error", reject);
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${program} ${args.join(" ")} exited ${code}: ${output.slice(-2000)}`))));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
