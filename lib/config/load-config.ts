import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { isMap, isScalar, isSeq, parseDocument, type Node } from "yaml";
import type { z } from "zod";
import { ProxyPulseConfig } from "./config-schema";
import { DEFAULT_MODEL } from "./default-model";

export class ConfigError extends Error {
  readonly code = "invalid_config";
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`Invalid configuration in ${file}:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

export interface LoadedConfig {
  config: ProxyPulseConfig;
  /** The file it came from, or null for the built-in defaults. */
  file: string | null;
}

export const DEFAULT_CONFIG_FILE = "./proxypulse.yaml";

/**
 * Reads proxypulse.yaml: YAML, then ${VAR} interpolation from `env`, then
 * validation. Every problem names the file, its place in the file
 * (`proxies[2].url`) and what is wrong. No file: the defaults from `env`.
 */
export function loadConfig(path: string | undefined, env: Record<string, string | undefined>, cwd: string = process.cwd()): LoadedConfig {
  const file = resolve(cwd, path ?? DEFAULT_CONFIG_FILE);
  // The file is the user's, chosen at run time: not part of the build's trace.
  if (!existsSync(/*turbopackIgnore: true*/ file)) {
    if (path) throw new ConfigError(file, ["the file does not exist (PROXYPULSE_CONFIG names it)"]);
    return { config: defaultConfig(env), file: null };
  }
  return { config: parseConfigText(readFileSync(/*turbopackIgnore: true*/ file, "utf8"), file, env), file };
}

export function parseConfigText(text: string, file: string, env: Record<string, string | undefined>): ProxyPulseConfig {
  const document = parseDocument(text, { prettyErrors: true });
  if (document.errors.length > 0) {
    throw new ConfigError(
      file,
      document.errors.map((error) => `line ${error.linePos?.[0]?.line ?? "?"}: ${error.message.split("\n")[0]?.replace(/ at line \d+, column \d+:?$/, "")}`),
    );
  }
  const problems: string[] = [];
  const raw = document.contents ? interpolate(document.contents, [], env, problems) : {};
  if (problems.length) throw new ConfigError(file, problems);
  const parsed = ProxyPulseConfig.safeParse(raw ?? {});
  if (!parsed.success) throw new ConfigError(file, parsed.error.issues.map(describeIssue));
  return parsed.data;
}

/** Turns the YAML tree into plain values, replacing ${VAR} and ${VAR:-default}. */
function interpolate(node: Node | null, path: Array<string | number>, env: Record<string, string | undefined>, problems: string[]): unknown {
  if (node === null) return null;
  if (isMap(node)) {
    const out: Record<string, unknown> = {};
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      out[key] = interpolate(pair.value as Node | null, [...path, key], env, problems);
    }
    const reference = out.apiKey as { $env?: string } | undefined;
    if (reference && typeof reference === "object" && reference.$env) {
      delete out.apiKey;
      out.apiKeyEnv ??= reference.$env;
      // Both given: keep the key as written so validation reports the clash.
      if (out.apiKeyEnv !== reference.$env) out.apiKey = `\${${reference.$env}}`;
    }
    return out;
  }
  if (isSeq(node)) return node.items.map((item, index) => interpolate(item as Node | null, [...path, index], env, problems));
  if (isScalar(node)) {
    const value = node.value;
    if (typeof value !== "string") return value;
    // A secret given as exactly ${VAR} is kept as a reference, not a copy.
    const whole = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(value);
    if (whole && path[path.length - 1] === "apiKey") {
      if (env[whole[1]!] === undefined) problems.push(`${formatPath(path)}: environment variable ${whole[1]} is not set`);
      return { $env: whole[1] };
    }
    return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g, (_match, name: string, fallback: string | undefined) => {
      const found = env[name];
      if (found !== undefined) return found;
      if (fallback !== undefined) return fallback;
      problems.push(`${formatPath(path)}: environment variable ${name} is not set`);
      return "";
    });
  }
  return null;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = formatPath(issue.path as Array<string | number>);
  return `${path || "(top level)"}: ${issue.message}`;
}

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((out, part) => (typeof part === "number" ? `${out}[${part}]` : out ? `${out}.${String(part)}` : String(part)), "");
}

/** No file: the official API with OPENAI_API_KEY if set; direct, plus env when proxy variables are set. */
export function defaultConfig(env: Record<string, string | undefined>): ProxyPulseConfig {
  const proxyVariables = ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"];
  return ProxyPulseConfig.parse({
    targets: env.OPENAI_API_KEY
      ? [{ name: "OpenAI", baseUrl: env.OPENAI_BASE_URL || "https://api.openai.com/v1", apiKeyEnv: "OPENAI_API_KEY", model: DEFAULT_MODEL, probe: "chat" }]
      : [],
    proxies: [{ name: "direct", url: "direct" }, ...(proxyVariables.some((name) => env[name]) ? [{ name: "env", url: "env" }] : [])],
  });
}
