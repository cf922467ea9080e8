import { spawn } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { createProxy } from "@/lib/management/create-proxy";
import { createTarget } from "@/lib/management/create-target";
import { startMonitorService } from "@/lib/monitoring/monitor-service";
import { createChannel } from "@/lib/notifications/manage-channels";
import { childEnv } from "../helpers/child-env";

// The two ways ProxyPulse starts: the worker, and the web server's start-up
// hook. The server entry runs startFromServer the way Next's instrumentation
// does: a rejected register() is logged as "Failed to prepare server" and
// the server keeps listening. So a start that cannot work must end the
// process itself.
const WORKER = fileURLToPath(new URL("../../scripts/worker.ts", import.meta.url));
const FORGET = fileURLToPath(new URL("../../scripts/secrets/forget.ts", import.meta.url));
const START_FROM_SERVER = pathToFileURL(fileURLToPath(new URL("../../lib/monitoring/start-from-server.ts", import.meta.url))).href;
const SERVER_LIKE = `
const { startFromServer } = await import(${JSON.stringify(START_FROM_SERVER)});
startFromServer().catch((error) => { console.error("Failed to prepare server", error); setInterval(() => {}, 1000); });
`;
const TSX = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
const ADMIN_TOKEN = "startup-admin-token-0123456789abcdef";
const API_KEY = "sk-SEALED-api-key-4242";
const PROXY_PASSWORD = "SEALED-proxy-pass";
const WEBHOOK_SECRET = "SEALED-webhook-secret";
const OTHER_KEY = "ab".repeat(32);

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) {
    for (const path of [dir, join(dir, "data")]) if (existsSync(path)) chmodSync(path, 0o755);
    rmSync(dir, { recursive: true, force: true });
  }
});

interface Workspace {
  dir: string;
  dataDir: string;
  db: string;
  env: Record<string, string | undefined>;
}

/** A data directory where a earlier run stored secrets entered in the dashboard (sealed with the key file it made). */
async function seededWorkspace(): Promise<Workspace> {
  const dir = mkdtempSync(join(tmpdir(), "proxypulse-startup-"));
  dirs.push(dir);
  const dataDir = join(dir, "data");
  const db = join(dataDir, "pp.db");
  writeFileSync(join(dir, "proxypulse.yaml"), "intervalSeconds: 60\nproxies:\n  - name: direct\n    url: direct\n");
  const env = { PATH: process.env.PATH, DATABASE_URL: `file:${db}`, PROXYPULSE_CONFIG: join(dir, "proxypulse.yaml"), PROXYPULSE_ADMIN_TOKEN: ADMIN_TOKEN };
  const service = await startMonitorService({ environment: childEnv(env), runScheduler: false, cwd: dir });
  await createTarget(service.db, service.box, { name: "main", baseUrl: "https://127.0.0.1:9/v1", apiKey: API_KEY });
  await createProxy(service.db, service.box, { name: "clash", url: `http://u:${PROXY_PASSWORD}@127.0.0.1:9` });
  await createChannel(service.db, service.box, { name: "ops", type: "webhook", url: "http://127.0.0.1:9/hook", secret: WEBHOOK_SECRET });
  await service.stop(100);
  return { dir, dataDir, db, env };
}

type Entry = "worker" | "server";

async function start(entry: Entry | string[], ws: Workspace, options: { env?: Record<string, string>; asNobody?: boolean; stopWhen?: RegExp; onOutput?: (output: string) => void } = {}) {
  const args = Array.isArray(entry) ? ["--import", TSX, ...entry] : entry === "worker" ? ["--import", TSX, WORKER] : ["--import", TSX, "--input-type=module", "-e", SERVER_LIKE];
  const child = spawn(process.execPath, args, {
    cwd: ws.dir,
    env: childEnv({ ...ws.env, ...options.env }),
    stdio: ["ignore", "pipe", "pipe"],
    // Root writes through any file mode: as root, run as an ordinary user (nobody).
    ...(options.asNobody && process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {}),
  });
  let output = "";
  let stopping = false;
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    options.onOutput?.(output);
    if (!stopping && options.stopWhen?.test(output)) {
      stopping = true; // one SIGTERM: a second one would end the graceful stop
      child.kill("SIGTERM");
    }
  };
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);
  const code = await new Promise<number | string>((resolve) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      resolve("still running");
    }, 45_000);
    child.once("exit", (exitCode) => {
      clearTimeout(timer);
      resolve(exitCode ?? "killed");
    });
  });
  return { code, output };
}

/** Everything readable, nothing writable (but by root, whom modes do not stop: see `asNobody`). */
function makeReadOnly(ws: Workspace): void {
  for (const path of [ws.dir, ws.dataDir]) chmodSync(path, 0o555);
  for (const name of readdirSync(ws.dataDir)) chmodSync(join(ws.dataDir, name), 0o444);
  chmodSync(join(ws.dir, "proxypulse.yaml"), 0o444);
}

const cases: Array<{ name: string; prepare: (ws: Workspace) => { env?: Record<string, string>; asNobody?: boolean }; expected: (ws: Workspace) => RegExp[]; after?: (ws: Workspace) => void }> = [
  {
    name: "a database it cannot write (read-only file and directory)",
    prepare: (ws) => {
      makeReadOnly(ws);
      return { asNobody: true, env: { PROXYPULSE_SECRET_KEY: OTHER_KEY } };
    },
    expected: (ws) => [new RegExp(`cannot write to the database ${ws.db}: SQLITE_READONLY\\w* \\(the database file or its directory is read-only\\)`), /write access/],
  },
  {
    name: "a lost key file while the database holds secrets sealed with it",
    prepare: (ws) => {
      rmSync(join(ws.dataDir, "secret.key"));
      return {};
    },
    expected: (ws) => [
      new RegExp(`The secret key file ${join(ws.dataDir, "secret.key")} is missing`),
      /target "main" \(API key\), proxy "clash" \(password\), notification channel "ops" \(settings\)/,
      /No new key was made/,
      /PROXYPULSE_SECRET_KEY/,
      /npm run secrets:forget/,
    ],
    // Refused, not replaced: the old key can still be put back.
    after: (ws) => expect(existsSync(join(ws.dataDir, "secret.key"))).toBe(false),
  },
  {
    name: "a wrong PROXYPULSE_SECRET_KEY",
    prepare: () => ({ env: { PROXYPULSE_SECRET_KEY: OTHER_KEY } }),
    expected: () => [
      /The secret key from PROXYPULSE_SECRET_KEY cannot open 3 stored secret\(s\): target "main" \(API key\), proxy "clash" \(password\), notification channel "ops" \(settings\)/,
      /npm run secrets:forget/,
    ],
  },
  {
    name: "an invalid configuration",
    prepare: (ws) => {
      writeFileSync(join(ws.dir, "proxypulse.yaml"), "proxies:\n  - name: bad\n    url: socks4://127.0.0.1:1080\n");
      return {};
    },
    expected: (ws) => [new RegExp(`Invalid configuration in ${join(ws.dir, "proxypulse.yaml")}`), /proxies\[0\]\.url/],
  },
];

describe("a start that cannot work ends the process with one clear message and exit code 1", () => {
  for (const entry of ["worker", "server"] as const) {
    for (const c of cases) {
      it(`${entry}: ${c.name}`, async () => {
        const ws = await seededWorkspace();
        const { code, output } = await start(entry, ws, c.prepare(ws));
        expect(code, output).toBe(1);
        for (const pattern of c.expected(ws)) expect(output).toMatch(pattern);
        expect(output).toMatch(/cannot start ProxyPulse: /);
        expect(output).not.toMatch(/Failed to prepare server/);
        // Names objects, never the secrets themselves.
        for (const secret of [API_KEY, PROXY_PASSWORD, WEBHOOK_SECRET, OTHER_KEY]) expect(output).not.toContain(secret);
        c.after?.(ws);
      }, 60_000);
    }
  }
});

describe("recovery from a lost key: npm run secrets:forget", () => {
  it("lists what only the lost key opens, clears it with --yes, and then ProxyPulse starts with a new key", async () => {
    const ws = await seededWorkspace();
    rmSync(join(ws.dataDir, "secret.key"));

    const dryRun = await start([FORGET], ws);
    expect(dryRun.code, dryRun.output).toBe(0);
    expect(dryRun.output).toContain('  - target "main" (API key)\n  - proxy "clash" (password)\n  - notification channel "ops" (settings)');
    expect(dryRun.output).toMatch(/Run again with --yes/);

    const forget = await start([FORGET, "--yes"], ws);
    expect(forget.code, forget.output).toBe(0);
    expect(forget.output).toMatch(/Cleared 3 secret\(s\)/);

    const worker = await start("worker", ws, { stopWhen: /worker started/ });
    expect(worker.code, worker.output).toBe(0);
    expect(existsSync(join(ws.dataDir, "secret.key"))).toBe(true);
    for (const run of [dryRun, forget, worker]) for (const secret of [API_KEY, PROXY_PASSWORD, WEBHOOK_SECRET]) expect(run.output).not.toContain(secret);

    // The objects stay (but the dashboard's channel, which was only its secret settings); the secrets are gone.
    const db = new Database(ws.db, { readonly: true });
    try {
      expect(db.prepare(`SELECT name, apiKeySecret FROM "Target"`).all()).toEqual([{ name: "main", apiKeySecret: null }]);
      expect(db.prepare(`SELECT name, passwordSecret FROM "Proxy" WHERE name = 'clash'`).all()).toEqual([{ name: "clash", passwordSecret: null }]);
      expect(db.prepare(`SELECT COUNT(*) AS n FROM "NotificationChannel"`).get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  }, 60_000);
});

describe("a worker whose database file is removed while it runs", () => {
  it("notices (within its 10 s check), says so, and exits with code 1", async () => {
    const ws = await seededWorkspace();
    // Removed once the worker is up; the worker must then end by itself.
    let removed = false;
    const run = start("worker", ws, {
      onOutput: (output) => {
        if (removed || !/worker started/.test(output)) return;
        removed = true;
        rmSync(ws.db);
      },
    });
    const { code, output } = await run;
    expect(code, output).toBe(1);
    expect(output).toContain(`the database file ${ws.db} was removed while ProxyPulse was running: stopping`);
  }, 60_000);
});
