import { resolve } from "node:path";
import { readEnv } from "../lib/env";
import { UsageError, EXIT } from "./cli-error";
import { parseIntegerOption, parseOptions, wantsHelp } from "./parse-options";
import { CLI_VERSION } from "./version";

export const AGENT_USAGE = `proxypulse agent: probes this location's routes for a ProxyPulse hub and reports the results to it.

Usage:
  proxypulse agent --hub URL --token TOKEN [--data-dir DIR] [--spool-max N] [--heartbeat-seconds N] [--request-timeout-seconds N] [--allow-insecure-http]

  --hub URL               the hub's URL (default: PROXYPULSE_HUB_URL); https:// unless the hub is on this machine
  --token TOKEN           this location's agent token, made in the hub's Locations page (default: PROXYPULSE_AGENT_TOKEN;
                          prefer the variable: a command line is visible to every user of the machine)
  --data-dir DIR          where the spool (agent-spool.db) is kept (default: ./data-agent)
  --spool-max N           results kept while the hub cannot be reached; past it the oldest are dropped (default: 100000)
  --heartbeat-seconds N   how often to tell the hub this agent is alive (default: 15; the hub says offline after 60 s)
  --request-timeout-seconds N
                          how long the hub may take to answer a request before it is retried (default: 30;
                          results stay in the spool meanwhile)
  --allow-insecure-http   allow a plain http:// hub that is not on this machine (a trusted private link only:
                          the token and the assignment's API keys and proxy passwords cross it unencrypted)

Stops on SIGTERM or SIGINT once the probes in flight are spooled. Exit codes: 0 stopped, 2 bad usage.`;

/** `proxypulse agent`: checks the options, then runs the agent (loaded only now: `help` stays cheap). */
export async function runAgentCommand(argv: string[], out: NodeJS.WritableStream): Promise<number> {
  if (wantsHelp(argv)) {
    out.write(`${AGENT_USAGE}\n`);
    return EXIT.ok;
  }
  const values = parseOptions(argv, {
    hub: { type: "string" },
    token: { type: "string" },
    "data-dir": { type: "string" },
    "spool-max": { type: "string" },
    "allow-insecure-http": { type: "boolean" },
    "heartbeat-seconds": { type: "string" },
    "request-timeout-seconds": { type: "string" },
  });
  const env = readEnv();
  const hub = values.hub ?? env.PROXYPULSE_HUB_URL;
  if (!hub) throw new UsageError("--hub is required (or PROXYPULSE_HUB_URL): the URL of the ProxyPulse hub this agent reports to", "missing_hub");
  const token = (values.token ?? env.PROXYPULSE_AGENT_TOKEN)?.trim();
  if (!token) throw new UsageError("--token is required (or PROXYPULSE_AGENT_TOKEN): make one for this location in the hub's Locations page", "missing_token");
  const spoolMax = parseIntegerOption("spool-max", values["spool-max"], 100, 100_000_000) ?? 100_000;
  const heartbeatSeconds = parseIntegerOption("heartbeat-seconds", values["heartbeat-seconds"], 1, 50) ?? 15;
  const requestTimeoutSeconds = parseIntegerOption("request-timeout-seconds", values["request-timeout-seconds"], 1, 600) ?? 30;
  const { checkHubUrl, HubUrlError } = await import("../lib/agent/check-hub-url");
  let hubUrl: URL;
  try {
    hubUrl = checkHubUrl(hub, values["allow-insecure-http"] ?? false);
  } catch (error) {
    if (error instanceof HubUrlError) throw new UsageError(error.message, error.code);
    throw error;
  }
  const dataDir = resolve(values["data-dir"] ?? "data-agent");
  const { claimDataDir, DataDirError } = await import("../lib/agent/claim-data-dir");
  let claim: { release(): void };
  try {
    claim = claimDataDir(dataDir);
  } catch (error) {
    if (error instanceof DataDirError) throw new UsageError(error.message, error.code);
    throw error;
  }
  const { runAgent } = await import("../lib/agent/run-agent");
  const stop = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    out.write(`[proxypulse] info ${signal}: stopping\n`);
    stop.abort();
  };
  process.once("SIGTERM", onSignal);
  process.once("SIGINT", onSignal);
  try {
    return await runAgent({ hubUrl, token, dataDir, spoolMax, version: CLI_VERSION, heartbeatMs: heartbeatSeconds * 1000, requestTimeoutMs: requestTimeoutSeconds * 1000 }, stop.signal);
  } finally {
    claim.release();
    process.removeListener("SIGTERM", onSignal);
    process.removeListener("SIGINT", onSignal);
  }
}
