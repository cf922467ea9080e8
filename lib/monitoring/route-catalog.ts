import { isAllowedApiKeyEnv } from "../config/field-schemas";
import { createHash } from "node:crypto";
import type { ProxyPulseConfig } from "../config/config-schema";
import type { Db } from "../db/client";
import { DEFAULT_PROVIDER, isProviderId, PROVIDER_CHOICES_MESSAGE, probeKindProblem, type ProbeKindName, type ProviderId } from "../providers/registry";
import { parseProxySpec, type ProxySpec } from "../routes/parse-proxy-spec";
import { RouteDispatcher } from "../routes/route-dispatcher";
import { CaFileError } from "../routes/trusted-roots";
import type { SecretBox } from "../secrets/secret-box";
import { pauseCauses } from "./apply-pauses";
import { HUB_LOCATION_ID } from "../locations/location-name";

/** Everything needed to probe one route, secrets resolved, in memory only. */
export interface RuntimeRoute {
  id: number;
  targetId: number;
  proxyName: string;
  targetName: string;
  /** Whether the scheduler probes it: the route, its proxy and its target are all enabled (see pauseCauses). */
  enabled: boolean;
  intervalMs: number;
  timeoutMs: number;
  baseUrl: string;
  model: string;
  provider: ProviderId;
  probe: ProbeKindName;
  /** Null when neither the target nor its environment variable has a key. */
  apiKey: string | null;
  apiKeySource: string;
  caFile: string | null;
  dispatcher: RouteDispatcher;
  /** Set when the route cannot be probed as configured (e.g. its CA file is gone). */
  configError: string | null;
  /** The CA file's problem, kept with the dispatcher it was found making. */
  caFileError: string | null;
  /** The scheduler never probes it ("probe now" and the CLI do). */
  manualOnly: boolean;
  /** Scheduled rounds between paid probes (1: every round uses `probe`). */
  paidProbeEvery: number;
  /** Changes whenever anything that affects probing changes. */
  fingerprint: string;
}

/**
 * The hub's own routes, loaded from the database with their secrets opened:
 * only the rows at the hub's location (id 1). Rows at other locations are
 * their agents' to probe; the hub never holds them, so nothing here (the
 * scheduler, "probe now") can probe one from the wrong place.
 * Keeps one dispatcher per route, created once, and closes it when the route
 * goes away or its proxy or CA changes.
 */
export class RouteCatalog {
  private routes = new Map<number, RuntimeRoute>();
  /** The hub rows its location probes now (the pair's locations include the hub). */
  private assigned = new Set<number>();

  constructor(
    private readonly db: Db,
    private readonly box: SecretBox,
    private readonly env: Record<string, string | undefined>,
  ) {}

  /** What the hub's scheduler probes: its assigned rows. */
  list(): RuntimeRoute[] {
    return [...this.routes.values()].filter((route) => this.assigned.has(route.id));
  }

  /**
   * Any row at the hub's location, assigned or not: a pair's id is its hub
   * row's, and "probe now" of a pair probes from the hub even when the
   * pair is placed elsewhere (an admin asked for it). Undefined for rows at
   * other locations.
   */
  get(id: number): RuntimeRoute | undefined {
    return this.routes.get(id);
  }

  async reload(config: Pick<ProxyPulseConfig, "intervalSeconds" | "timeoutMs">): Promise<RuntimeRoute[]> {
    const rows = await this.db.route.findMany({ where: { locationId: HUB_LOCATION_ID }, include: { proxy: true, target: true }, orderBy: { id: "asc" } });
    const next = new Map<number, RuntimeRoute>();
    const assigned = new Set<number>();
    for (const row of rows) {
      const spec = withPassword(parseProxySpec(row.proxy.url), this.open(row.proxy.passwordSecret) ?? envValue(this.env, row.proxy.passwordEnv));
      // A target saved before apiKeyEnv was restricted may name any variable: never send those.
      const keyEnv = isAllowedApiKeyEnv(row.target.apiKeyEnv) ? row.target.apiKeyEnv : null;
      const apiKey = this.open(row.target.apiKeySecret) ?? envValue(this.env, keyEnv);
      const enabled =
        pauseCauses({
          routeEnabled: row.enabled,
          proxyEnabled: row.proxy.enabled,
          proxyPausedInFile: row.proxy.pausedInFile,
          targetEnabled: row.target.enabled,
          targetPausedInFile: row.target.pausedInFile,
        }).length === 0;
      const fingerprint = createHash("sha256")
        .update(JSON.stringify([spec, row.target.caFile, row.target.baseUrl, row.target.model, row.target.provider, row.target.probe, apiKey, enabled, row.intervalSeconds, row.target.intervalSeconds, row.target.timeoutMs, config.intervalSeconds, config.timeoutMs, row.target.manualOnly, row.target.paidProbeEvery]))
        .digest("hex");
      const previous = this.routes.get(row.id);
      const dispatcherKey = JSON.stringify([spec, row.target.caFile]);
      const reuse = previous && JSON.stringify([previous.dispatcher.spec, previous.caFile]) === dispatcherKey;
      let dispatcher: RouteDispatcher;
      let caFileError: string | null = null;
      if (reuse) {
        dispatcher = previous.dispatcher;
        caFileError = previous.caFileError;
      } else {
        if (previous) void previous.dispatcher.close();
        try {
          dispatcher = new RouteDispatcher(spec, { caFile: row.target.caFile });
        } catch (error) {
          if (!(error instanceof CaFileError)) throw error;
          caFileError = error.message;
          dispatcher = new RouteDispatcher(spec);
        }
      }
      // A row this version cannot send as written (a provider it lacks, a kind
      // its provider lacks) is reported on every round, never probed as something else.
      const configError = caFileError ?? providerProblem(row.target.provider, row.target.probe);
      if (row.assigned) assigned.add(row.id);
      next.set(row.id, {
          id: row.id,
          targetId: row.targetId,
          proxyName: row.proxy.name,
          targetName: row.target.name,
          enabled,
          intervalMs: (row.intervalSeconds ?? row.target.intervalSeconds ?? config.intervalSeconds) * 1000,
          timeoutMs: row.target.timeoutMs ?? config.timeoutMs,
          baseUrl: row.target.baseUrl,
          model: row.target.model,
          provider: isProviderId(row.target.provider) ? row.target.provider : DEFAULT_PROVIDER,
          probe: row.target.probe as ProbeKindName,
          apiKey,
          apiKeySource: keyEnv ? `the ${keyEnv} environment variable` : "the target's API key",
          caFile: row.target.caFile,
          dispatcher,
          configError,
          caFileError,
          manualOnly: row.target.manualOnly,
          paidProbeEvery: row.target.paidProbeEvery,
          fingerprint,
      });
    }
    for (const [id, route] of this.routes) if (!next.has(id)) void route.dispatcher.close();
    this.routes = next;
    this.assigned = assigned;
    return this.list();
  }

  async close(): Promise<void> {
    await Promise.all([...this.routes.values()].map((route) => route.dispatcher.close()));
    this.routes.clear();
    this.assigned.clear();
  }

  private open(sealed: string | null): string | null {
    return sealed ? this.box.open(sealed) : null;
  }
}

function envValue(env: Record<string, string | undefined>, name: string | null): string | null {
  return name ? (env[name] ?? null) : null;
}

function withPassword(spec: ProxySpec, password: string | null): ProxySpec {
  if (spec.protocol === "direct" || spec.protocol === "env" || password === null) return spec;
  return { ...spec, password };
}

function providerProblem(provider: string, probe: string): string | null {
  if (!isProviderId(provider)) return `The target's provider "${provider}" is unknown to this version of ProxyPulse. ${PROVIDER_CHOICES_MESSAGE}`;
  return probeKindProblem(provider, probe);
}
