import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { childEnv } from "../helpers/child-env";

// `npm start` runs `next start` as its child: SIGTERM and Ctrl-C must reach
// the server once (its handler lets probes in flight finish; a second SIGINT
// would end it at once), and the server's exit code must be ours.
const RUN_NEXT = pathToFileURL(fileURLToPath(new URL("../../scripts/start/run-next.mjs", import.meta.url))).href;
const dir = mkdtempSync(join(tmpdir(), "proxypulse-signals-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Stands in for the server: reports each signal, then shuts down "gracefully".
const SERVER = join(dir, "server.js");
writeFileSync(
  SERVER,
  `let count = 0;
for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => { count++; console.log("server got " + signal + " #" + count); setTimeout(() => process.exit(7), 300); });
console.log("ready");
setInterval(() => {}, 1000);
`,
);
const PARENT = `const { runChild } = await import(${JSON.stringify(RUN_NEXT)}); process.exitCode = await runChild([${JSON.stringify(SERVER)}], process.env, { ownGroup: true });`;

/** Starts the wrapper in its own process group (like a shell job), sends `send` once the server is ready. */
function run(send: (pid: number) => void): Promise<{ code: number | null; output: string }> {
  const parent = spawn(process.execPath, ["--input-type=module", "-e", PARENT], { env: childEnv({ PATH: process.env.PATH }), stdio: ["ignore", "pipe", "pipe"], detached: true });
  let output = "";
  let sent = false;
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    if (!sent && output.includes("ready")) {
      sent = true;
      send(parent.pid!);
    }
  };
  parent.stdout.on("data", collect);
  parent.stderr.on("data", collect);
  return new Promise((resolve) => parent.on("close", (code) => resolve({ code, output })));
}

describe("npm start's child (next start)", () => {
  it.each<[string, (pid: number) => void, string]>([
    ["SIGTERM to npm start (a supervisor)", (pid) => process.kill(pid, "SIGTERM"), "SIGTERM"],
    ["SIGINT to npm start", (pid) => process.kill(pid, "SIGINT"), "SIGINT"],
    // A terminal's Ctrl-C goes to the whole foreground group, and npm passes it on again a moment later.
    ["Ctrl-C to the terminal's process group, then again from npm", (pid) => {
      process.kill(-pid, "SIGINT");
      setTimeout(() => process.kill(pid, "SIGINT"), 100);
    }, "SIGINT"],
  ])("gets %s exactly once and its exit code is passed on", async (_case, send, signal) => {
    const { code, output } = await run(send);
    expect(output).toContain(`server got ${signal} #1`);
    expect(output).not.toContain("#2");
    expect(code).toBe(7);
  });
});
