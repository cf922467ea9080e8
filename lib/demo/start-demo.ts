import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { openSqlite } from "../db/sqlite";
import { processEnvironment } from "../env";
import { startMonitorService } from "../monitoring/monitor-service";
import { startDemoWorld } from "./demo-world";
import { seedDemoHistory } from "./seed-demo-history";

export const DEMO_TOKEN = "proxypulse-demo-admin-token-0123456789";

export interface RunningDemo {
  url: string;
  token: string;
  stop(): Promise<void>;
}

/**
 * The demo: the simulated world, a fresh database under data/demo with thirty
 * days of made-up history, and the built app on `port` probing the world
 * every 10 seconds. Pages say the data is simulated.
 */
/** `host`: the address to listen on (default 127.0.0.1: the demo's admin token is public). */
export async function startDemo(options: { port: number; host?: string; root?: string; log?: (line: string) => void }): Promise<RunningDemo> {
  const root = options.root ?? process.cwd();
  const log = options.log ?? ((line: string) => console.log(line));
  const dir = join(root, "data", "demo");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const world = await startDemoWorld();
  const configFile = join(dir, "proxypulse.yaml");
  writeFileSync(configFile, world.config);
  const inherited = processEnvironment();
  const environment = { PATH: inherited.PATH, HOME: inherited.HOME, DATABASE_URL: `file:${join(dir, "demo.db")}`, PROXYPULSE_CONFIG: configFile, PROXYPULSE_ADMIN_TOKEN: DEMO_TOKEN, PROXYPULSE_DEMO: "1" };

  // Create the routes, then give them history.
  const setup = await startMonitorService({ environment, runScheduler: false, cwd: root });
  await setup.stop(0);
  const db = openSqlite(join(dir, "demo.db"));
  seedDemoHistory(db);
  db.close();

  const next = join(root, "node_modules", "next", "dist", "bin", "next");
  if (!existsSync(join(root, ".next", "BUILD_ID"))) {
    log("Building the app once (about 30 s)…");
    const build = spawnSync(process.execPath, [next, "build"], { cwd: root, stdio: "inherit", env: { ...inherited, NEXT_TELEMETRY_DISABLED: "1" } });
    if (build.status !== 0) throw new Error("next build failed");
  }
  const host = options.host ?? "127.0.0.1";
  const server = spawn(process.execPath, [next, "start", "-p", String(options.port), "-H", host], {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...inherited, ...environment, NEXT_MANUAL_SIG_HANDLE: "true", NEXT_TELEMETRY_DISABLED: "1" },
  });
  server.stdout.on("data", (chunk: Buffer) => {
    for (const line of chunk.toString().split("\n")) if (line.includes("→")) log(line);
  });
  const url = `http://${host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host}:${options.port}`;
  for (let tries = 0; ; tries++) {
    if (server.exitCode !== null) throw new Error(`the app exited (${server.exitCode})`);
    const ready = await fetch(`${url}/api/status`).then((response) => response.ok, () => false);
    if (ready) break;
    if (tries > 300) throw new Error("the app did not start");
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    token: DEMO_TOKEN,
    stop: async () => {
      server.kill("SIGTERM");
      await new Promise((resolve) => (server.exitCode !== null ? resolve(null) : server.once("exit", resolve)));
      await world.stop();
    },
  };
}
