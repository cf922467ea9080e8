import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { constants } from "node:os";

/** Next's own command-line entry (no shell, no npx in between). */
export function nextBin() {
  return createRequire(import.meta.url).resolve("next/dist/bin/next");
}

/** How long a repeated signal counts as the same one (npm and the terminal both deliver Ctrl-C). */
const SAME_SIGNAL_MS = 1000;

/**
 * Runs a Node program as the child that does the work, passes SIGINT,
 * SIGTERM and SIGHUP on to it, and resolves with the exit code to end with.
 * With `ownGroup` (the server) the child has its own process group, so a
 * terminal's Ctrl-C reaches it once, through us (one per second at most: npm
 * forwards the Ctrl-C the terminal also sent us), and ProxyPulse's handler
 * lets probes in flight finish; a second Ctrl-C later still ends it at once.
 *
 * @param {string[]} argv the program (a .js file run with this Node) and its arguments
 * @param {NodeJS.ProcessEnv} env
 * @param {{ ownGroup?: boolean }} [options]
 * @returns {Promise<number>}
 */
export function runChild(argv, env, { ownGroup = false } = {}) {
  const [program, ...args] = argv;
  const child = spawn(process.execPath, [program, ...args], { stdio: "inherit", env, detached: ownGroup });
  const last = new Map();
  const forward = (signal) => {
    const now = Date.now();
    if (now - (last.get(signal) ?? 0) < SAME_SIGNAL_MS) return;
    last.set(signal, now);
    child.kill(signal);
  };
  const signals = ["SIGINT", "SIGTERM", "SIGHUP"];
  for (const signal of signals) process.on(signal, forward);
  return new Promise((resolve) => {
    child.on("error", (error) => {
      console.error(`[proxypulse] error cannot run ${program}: ${error.message}`);
      resolve(1);
    });
    child.on("exit", (code, signal) => {
      for (const name of signals) process.off(name, forward);
      resolve(code ?? 128 + (signal ? constants.signals[signal] : 0));
    });
  });
}
