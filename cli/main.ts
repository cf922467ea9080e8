// Commands are imported when they run, so `help` and a usage error load
// almost nothing (no zod, undici or openai): the bundle in dist/cli splits
// each command into its own chunk.
import { EXIT, UsageError, wantsJson } from "./cli-error";
import { useLoadedUndiciGlobals, useOneShotZod } from "./one-shot-process";
import { CLI_VERSION } from "./version";

const USAGE = `proxypulse: is your route to an LLM API (OpenAI-compatible, Anthropic, Gemini, Azure OpenAI) working, through which proxy, how fast, and why not?

Usage:
  proxypulse <command> --help   the command's options;   proxypulse --version
  proxypulse probe [--provider openai|anthropic|gemini|azure-openai] [--kind KIND] [--base-url URL] [--api-key KEY] [--model MODEL]
                   [--proxy SPEC] [--timeout-ms N] [--ca-file PATH] [--trace] [--json] [--lang en|zh]
                   kinds: openai chat|chat-stream|embeddings|responses|responses-stream|models, anthropic messages|messages-stream|models,
                          gemini generate|generate-stream|models, azure-openai chat|chat-stream|models
  proxypulse doctor [--provider openai|anthropic|gemini|azure-openai] [--proxy SPEC]... [--base-url URL] [--model MODEL] [--no-chat] [--ca-file PATH] [--lang en|zh]
  proxypulse best-route --target NAME [--format json|env] [--server URL] [--token TOKEN]
                   asks a running ProxyPulse (PROXYPULSE_URL, default http://localhost:3000) which route to use;
                   eval "$(proxypulse best-route --target openai --format env)" sets HTTPS_PROXY for a shell
  proxypulse agent --hub URL --token TOKEN [--data-dir DIR] [--spool-max N] [--allow-insecure-http]
                   probes this location's routes for a ProxyPulse hub (PROXYPULSE_HUB_URL, PROXYPULSE_AGENT_TOKEN)

Proxy SPEC: direct | env | http://[user:pass@]host:port | https://… | socks5://… | socks5h://…
The API key may come from OPENAI_API_KEY (ANTHROPIC_API_KEY) and the base URL from OPENAI_BASE_URL (ANTHROPIC_BASE_URL).
Exit codes: 0 the route works, 1 the probe failed (see kind and hint), 2 bad usage.`;

export async function main(argv: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "probe":
        await useOneShotZod();
        await useLoadedUndiciGlobals();
        return await (await import("./probe-command")).runProbeCommand(rest, out);
      case "doctor":
        await useOneShotZod();
        await useLoadedUndiciGlobals();
        return await (await import("./doctor-command")).runDoctorCommand(rest, out);
      case "best-route":
        await useOneShotZod();
        return await (await import("./best-route-command")).runBestRouteCommand(rest, out);
      case "agent":
        // A long-running process: zod's JIT pays off here, so it stays on.
        await useLoadedUndiciGlobals();
        return await (await import("./agent-command")).runAgentCommand(rest, out);
      case undefined:
      case "help":
      case "--help":
      case "-h":
        out.write(`${USAGE}\n`);
        return command === undefined ? EXIT.usage : EXIT.ok;
      case "--version":
      case "-v":
      case "-V":
      case "version":
        out.write(`${CLI_VERSION}\n`);
        return EXIT.ok;
      default:
        throw new UsageError(`unknown command "${command}" (expected probe, doctor, best-route or agent)`, "unknown_command");
    }
  } catch (error) {
    const { reportCliError } = await import("./report-cli-error");
    const code = reportCliError(error, wantsJson(argv), out, err);
    if (code === null) throw error;
    return code;
  }
}

