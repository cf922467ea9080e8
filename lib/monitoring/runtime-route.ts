import { createHash } from "node:crypto";
import { DEFAULT_PROVIDER, isProviderId, PROVIDER_CHOICES_MESSAGE, probeKindProblem, type ProbeKindName, type ProviderId } from "../providers/registry";
import type { ProxySpec } from "../routes/parse-proxy-spec";
import { RouteDispatcher } from "../routes/route-dispatcher";
import { CaFileError } from "../routes/trusted-roots";

/**
 * What a route is, as plain fields with its secrets opened: what the hub
 * reads from its database and what an agent receives in its assignment.
 * Both turn it into a RuntimeRoute with buildRuntimeRoute (one place).
 */
export interface RouteFields {
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
  /** As stored (a provider this version lacks is reported, never probed as another). */
  provider: string;
  probe: string;
  /** The proxy with its password. */
  proxy: ProxySpec;
  /** Null when neither the target nor its environment variable has a key. */
  apiKey: string | null;
  apiKeySource: string;
  caFile: string | null;
  /** The scheduler never probes it ("probe now" and the CLI do). */
  manualOnly: boolean;
  /** Scheduled rounds between paid probes (1: every round uses `probe`). */
  paidProbeEvery: number;
  /** A problem found before the route is built (e.g. the hub could not read the CA file it would send). */
  configError?: string | null;
}

/** Everything needed to probe one route, secrets resolved, in memory only: its fields, checked and built. */
export interface RuntimeRoute extends Omit<RouteFields, "provider" | "probe" | "proxy" | "configError"> {
  provider: ProviderId;
  probe: ProbeKindName;
  dispatcher: RouteDispatcher;
  /** Set when the route cannot be probed as configured (e.g. its CA file is gone). */
  configError: string | null;
  /** The CA file's problem, kept with the dispatcher it was found making. */
  caFileError: string | null;
  /** Changes whenever anything that affects probing changes. */
  fingerprint: string;
}

/**
 * Builds a route from its fields, reusing the previous build's dispatcher
 * when its proxy and CA file are unchanged (and closing it otherwise).
 */
export function buildRuntimeRoute(fields: RouteFields, previous?: RuntimeRoute): RuntimeRoute {
  const fingerprint = createHash("sha256")
    .update(
      JSON.stringify([
        fields.proxy, fields.caFile, fields.baseUrl, fields.model, fields.provider, fields.probe, fields.apiKey, fields.enabled,
        fields.intervalMs, fields.timeoutMs, fields.manualOnly, fields.paidProbeEvery, fields.configError ?? null,
      ]),
    )
    .digest("hex");
  const dispatcherKey = JSON.stringify([fields.proxy, fields.caFile]);
  const reuse = previous && JSON.stringify([previous.dispatcher.spec, previous.caFile]) === dispatcherKey;
  let dispatcher: RouteDispatcher;
  let caFileError: string | null = null;
  if (reuse) {
    dispatcher = previous.dispatcher;
    caFileError = previous.caFileError;
  } else {
    if (previous) void previous.dispatcher.close();
    try {
      dispatcher = new RouteDispatcher(fields.proxy, { caFile: fields.caFile });
    } catch (error) {
      if (!(error instanceof CaFileError)) throw error;
      caFileError = error.message;
      dispatcher = new RouteDispatcher(fields.proxy);
    }
  }
  // A row this version cannot send as written (a provider it lacks, a kind
  // its provider lacks) is reported on every round, never probed as something else.
  const configError = fields.configError ?? caFileError ?? providerProblem(fields.provider, fields.probe);
  return {
    id: fields.id,
    targetId: fields.targetId,
    proxyName: fields.proxyName,
    targetName: fields.targetName,
    enabled: fields.enabled,
    intervalMs: fields.intervalMs,
    timeoutMs: fields.timeoutMs,
    baseUrl: fields.baseUrl,
    model: fields.model,
    provider: isProviderId(fields.provider) ? fields.provider : DEFAULT_PROVIDER,
    probe: fields.probe as ProbeKindName,
    apiKey: fields.apiKey,
    apiKeySource: fields.apiKeySource,
    caFile: fields.caFile,
    dispatcher,
    configError,
    caFileError,
    manualOnly: fields.manualOnly,
    paidProbeEvery: fields.paidProbeEvery,
    fingerprint,
  };
}

/**
 * A set of runtime routes rebuilt from fields on each reload: the hub's
 * catalog and an agent's assignment keep theirs in one of these, so
 * dispatchers are made once and closed when their route goes or changes.
 */
export class RuntimeRouteSet {
  private routes = new Map<number, RuntimeRoute>();

  list(): RuntimeRoute[] {
    return [...this.routes.values()];
  }

  get(id: number): RuntimeRoute | undefined {
    return this.routes.get(id);
  }

  replace(all: Iterable<RouteFields>): RuntimeRoute[] {
    const next = new Map<number, RuntimeRoute>();
    for (const fields of all) next.set(fields.id, buildRuntimeRoute(fields, this.routes.get(fields.id)));
    for (const [id, route] of this.routes) if (!next.has(id)) void route.dispatcher.close();
    this.routes = next;
    return this.list();
  }

  async close(): Promise<void> {
    await Promise.all(this.list().map((route) => route.dispatcher.close()));
    this.routes.clear();
  }
}

function providerProblem(provider: string, probe: string): string | null {
  if (!isProviderId(provider)) return `The target's provider "${provider}" is unknown to this version of ProxyPulse. ${PROVIDER_CHOICES_MESSAGE}`;
  return probeKindProblem(provider, probe);
}
