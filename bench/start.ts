// `npm start` as a user feels it: time from the command to the first page
// (GET /api/status answering 200) after a source change (the build runs), with
// the build current (target ≤ 5 s), and time to the error exit with a broken
// proxypulse.yaml (target ≤ 1 s). Each run uses its own port, database and
// config; the server is stopped with SIGTERM as a supervisor would.
// `-- --no-cold` skips the build (to repeat the warm figures quickly).
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { childEnv } from "../tests/helpers/child-env";
import { BUILD_STAMP } from "../scripts/start/build-fingerprint.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const START = join(ROOT, "scripts", "start.mjs");
const dir = mkdtempSync(join(tmpdir(), "proxypulse-bench-start-"));
const goodConfig = join(dir, "good.yaml");
const badConfig = join(dir, "bad.yaml");
writeFileSync(goodConfig, "intervalSeconds: 3600\nproxies:\n  - name: direct\n    url: direct\n");
writeFileSync(badConfig, "intervalSeconds: 3600\nproxies:\n  - name: office\n    url: ftp://127.0.0.1:21\n");

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

interface Run {
  ms: number;
  code: number | null;
  output: string;
}

/** Starts `npm start`'s script; resolves when /api/status answers 200 (then stops it) or when it exits. */
async function timeStart(run: string, config: string): Promise<Run> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [START], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    env: childEnv({
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: `file:${join(dir, `${run}.db`)}`,
      PROXYPULSE_CONFIG: config,
      PROXYPULSE_ADMIN_TOKEN: "bench-admin-token-0123456789abcdefgh",
      PROXYPULSE_SCHEDULER: "off",
      CHECKPOINT_DISABLE: "1",
    }),
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  let done = false;
  const exitedFirst = exited.then((code) => {
    done = true;
    return { ms: performance.now() - started, code, output };
  });
  const answered = (async () => {
    while (!done) {
      try {
        const response = await fetch(`http://127.0.0.1:${port}/api/status`);
        await response.arrayBuffer();
        if (response.status === 200) return performance.now() - started;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return null;
  })();
  const first = await Promise.race([exitedFirst, answered.then((ms) => (ms === null ? exitedFirst : { ms, code: null, output }))]);
  if (!done) {
    child.kill("SIGTERM");
    await exited;
  }
  return first;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
try {
  const skipCold = process.argv.includes("--no-cold");
  // A changed source is what makes a build: drop the stamp rather than touch a file.
  if (!skipCold) rmSync(join(ROOT, BUILD_STAMP), { force: true });
  const cold = skipCold ? null : await timeStart("cold", goodConfig);
  const warm = await timeStart("warm", goodConfig);
  const bad = await timeStart("bad", badConfig);
  const built = /building/.test(warm.output) ? " (it built again: see the output)" : "";
  console.log("npm start (scripts/start.mjs), first GET /api/status 200");
  if (cold) console.log(`cold (build needed)   ${seconds(cold.ms).padStart(8)}${cold.code !== null ? `   exited ${cold.code} before serving:\n${cold.output}` : ""}`);
  console.log(`warm (build current)  ${seconds(warm.ms).padStart(8)}   target ≤ 5 s${built}${warm.code !== null ? `   exited ${warm.code}:\n${warm.output}` : ""}`);
  console.log(`bad config → exit ${bad.code}  ${seconds(bad.ms).padStart(8)}   target ≤ 1 s   ${bad.output.trim().split("\n")[0]}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
