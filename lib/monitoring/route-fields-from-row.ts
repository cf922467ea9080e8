import type { ProxyPulseConfig } from "../config/config-schema";
import { isAllowedApiKeyEnv } from "../config/field-schemas";
import { parseProxySpec, type ProxySpec } from "../routes/parse-proxy-spec";
import type { SecretBox } from "../secrets/secret-box";
import { pauseCauses } from "./apply-pauses";
import type { RouteFields } from "./runtime-route";

/** The columns of a route row, its proxy's and its target's that probing needs (a Prisma `include` of both). */
export interface RouteRow {
  id: number;
  targetId: number;
  enabled: boolean;
  intervalSeconds: number | null;
  proxy: { name: string; url: string; enabled: boolean; pausedInFile: boolean; passwordSecret: string | null; passwordEnv: string | null };
  target: {
    name: string;
    enabled: boolean;
    pausedInFile: boolean;
    baseUrl: string;
    model: string;
    provider: string;
    probe: string;
    apiKeySecret: string | null;
    apiKeyEnv: string | null;
    caFile: string | null;
    intervalSeconds: number | null;
    timeoutMs: number | null;
    manualOnly: boolean;
    paidProbeEvery: number;
  };
}

/**
 * A stored route as plain fields, its secrets opened (the sealed copy, else
 * the variable it names in the hub's environment): what the hub probes, and
 * what it sends an agent for the routes at the agent's location.
 */
export function routeFieldsFromRow(
  row: RouteRow,
  box: SecretBox,
  env: Record<string, string | undefined>,
  config: Pick<ProxyPulseConfig, "intervalSeconds" | "timeoutMs">,
): RouteFields {
  const open = (sealed: string | null) => (sealed ? box.open(sealed) : null);
  const proxy = withPassword(parseProxySpec(row.proxy.url), open(row.proxy.passwordSecret) ?? envValue(env, row.proxy.passwordEnv));
  // A target saved before apiKeyEnv was restricted may name any variable: never send those.
  const keyEnv = isAllowedApiKeyEnv(row.target.apiKeyEnv) ? row.target.apiKeyEnv : null;
  const enabled =
    pauseCauses({
      routeEnabled: row.enabled,
      proxyEnabled: row.proxy.enabled,
      proxyPausedInFile: row.proxy.pausedInFile,
      targetEnabled: row.target.enabled,
      targetPausedInFile: row.target.pausedInFile,
    }).length === 0;
  return {
    id: row.id,
    targetId: row.targetId,
    proxyName: row.proxy.name,
    targetName: row.target.name,
    enabled,
    intervalMs: (row.intervalSeconds ?? row.target.intervalSeconds ?? config.intervalSeconds) * 1000,
    timeoutMs: row.target.timeoutMs ?? config.timeoutMs,
    baseUrl: row.target.baseUrl,
    model: row.target.model,
    provider: row.target.provider,
    probe: row.target.probe,
    proxy,
    apiKey: open(row.target.apiKeySecret) ?? envValue(env, keyEnv),
    apiKeySource: keyEnv ? `the ${keyEnv} environment variable` : "the target's API key",
    caFile: row.target.caFile,
    manualOnly: row.target.manualOnly,
    paidProbeEvery: row.target.paidProbeEvery,
  };
}

function envValue(env: Record<string, string | undefined>, name: string | null): string | null {
  return name ? (env[name] ?? null) : null;
}

function withPassword(spec: ProxySpec, password: string | null): ProxySpec {
  if (spec.protocol === "direct" || spec.protocol === "env" || password === null) return spec;
  return { ...spec, password };
}
