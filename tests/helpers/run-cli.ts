import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { childEnv } from "./child-env";

const BIN = fileURLToPath(new URL("../../bin/proxypulse.js", import.meta.url));

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real `proxypulse` bin in a child process with exactly the given environment. */
export function runCli(args: string[], env: Record<string, string | undefined> = {}): Promise<CliRun> {
  const base: Record<string, string> = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/tmp", LANG: "C.UTF-8" };
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: childEnv({ ...base, ...env }), timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error && typeof error.code === "number" ? error.code : error ? 1 : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
