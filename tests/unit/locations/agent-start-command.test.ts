import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { agentStartCommand } from "@/lib/locations/agent-start-command";
import { newAgentToken } from "@/lib/locations/agent-token";

// The command the Locations page shows with a new token. It used to be
// `npx proxypulse agent --hub URL --token TOKEN`: the token in the process
// list for every user of the machine, and, outside a checkout, npx would
// fetch a package named "proxypulse" from npm (this one is private, so
// anybody's) and run it with the token; and a signal to npx left the agent,
// its grandchild, running. Now the checkout's own bin, run by node.

describe("the command that starts a location's agent", () => {
  it.each(["http://127.0.0.1:3000", "https://hub.example.com", "https://[2001:db8::1]:8443"])("for %s: the token only in the environment, the checkout's own bin", (hubUrl) => {
    const token = newAgentToken();
    const command = agentStartCommand(hubUrl, token);
    // What a POSIX shell makes of it: the assignments before the command, then argv.
    const [assignments, argv] = splitCommand(command);
    expect(assignments).toEqual({ PROXYPULSE_AGENT_TOKEN: token });
    expect(argv.join(" ")).not.toContain(token);
    expect(argv).toEqual(["node", "bin/proxypulse.js", "agent", "--hub", hubUrl]);
  });
});

/** Splits a command as sh does (a real sh: its own words, printed one per line). */
function splitCommand(command: string): [Record<string, string>, string[]] {
  const words = execFileSync("sh", ["-c", `set -- ${command}; for w; do printf '%s\\n' "$w"; done`], { encoding: "utf8" }).trimEnd().split("\n");
  const assignments: Record<string, string> = {};
  while (words.length && /^[A-Z_][A-Z0-9_]*=/.test(words[0]!)) {
    const [name, ...rest] = words.shift()!.split("=");
    assignments[name!] = rest.join("=");
  }
  return [assignments, words];
}
