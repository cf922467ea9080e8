// A throw-away PostgreSQL cluster for a benchmark, with what only a
// benchmark needs: removal on Ctrl-C, and the CPU time its server processes
// have used (the server works in processes of its own, which a process's
// cpuUsage() does not count).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { startPgCluster, type PgCluster } from "../scripts/db/pg-cluster";

/** Linux's clock ticks per second for /proc/<pid>/stat (USER_HZ: 100 on every architecture Node runs on). */
const TICKS_PER_SECOND = 100;

export interface BenchPgCluster extends PgCluster {
  /** CPU seconds used by the server so far: the postmaster, its live children, and the children it reaped. */
  serverCpuSeconds(): number;
}

/**
 * Starts a cluster that goes away however the benchmark ends: stop(), an
 * uncaught error (pg-cluster stops it at exit), or SIGINT/SIGTERM (turned
 * into an exit, so that the same handler runs).
 */
export async function startBenchPgCluster(): Promise<BenchPgCluster> {
  const exitOnSignal = (signal: NodeJS.Signals) => {
    console.error(`\n${signal}: stopping the benchmark's PostgreSQL cluster`);
    process.exit(130);
  };
  process.once("SIGINT", exitOnSignal);
  process.once("SIGTERM", exitOnSignal);
  const cluster = await startPgCluster();
  const postmasterPid = await readPostmasterPid(cluster.url);
  return {
    ...cluster,
    serverCpuSeconds: () => processTreeCpuSeconds(postmasterPid),
    stop: async () => {
      await cluster.stop();
      process.removeListener("SIGINT", exitOnSignal);
      process.removeListener("SIGTERM", exitOnSignal);
    },
  };
}

/** The postmaster's pid, from postmaster.pid in the data directory (the benchmark runs as the cluster's owner or root). */
async function readPostmasterPid(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ data_directory: string }>("SHOW data_directory");
    return Number(readFileSync(join(rows[0]!.data_directory, "postmaster.pid"), "utf8").split("\n")[0]);
  } finally {
    await client.end();
  }
}

/** The process's own CPU time, its reaped children's, and its live children's (backends, background workers). */
function processTreeCpuSeconds(pid: number): number {
  const own = readStat(pid);
  if (!own) return NaN;
  let ticks = own.utime + own.stime + own.cutime + own.cstime;
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const child = readStat(Number(name));
    if (child?.ppid === pid) ticks += child.utime + child.stime;
  }
  return ticks / TICKS_PER_SECOND;
}

function readStat(pid: number): { ppid: number; utime: number; stime: number; cutime: number; cstime: number } | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return null; // ended meanwhile
  }
  // After the command name in parentheses (which may hold spaces): state, ppid, … utime is field 14.
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  const at = (field: number) => Number(fields[field - 3]);
  return { ppid: at(4), utime: at(14), stime: at(15), cutime: at(16), cstime: at(17) };
}
