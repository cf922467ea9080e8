import type { Proxy, Target } from "../generated/prisma/client";
import { describeProxySpec, parseProxySpec } from "../routes/parse-proxy-spec";
import type { SecretBox } from "../secrets/secret-box";
import { maskSecret } from "../secrets/redact";
import { isSyncedSource } from "./guard-editable";
import { readLocationList } from "../locations/location-list";

/** A proxy as the API shows it: the password never, only whether there is one. */
export function presentProxy(proxy: Proxy) {
  const spec = parseProxySpec(proxy.url);
  const hasPassword = Boolean(proxy.passwordSecret || proxy.passwordEnv);
  const shown = spec.protocol === "direct" || spec.protocol === "env" ? spec : { ...spec, password: hasPassword ? "x" : null };
  return {
    id: proxy.id,
    name: proxy.name,
    url: describeProxySpec(shown),
    protocol: spec.protocol,
    hasPassword,
    publicHost: proxy.publicHost,
    enabled: proxy.enabled,
    pausedInFile: proxy.pausedInFile,
    locations: readLocationList(proxy.locations),
    source: proxy.source,
    readOnly: isSyncedSource(proxy.source),
    createdAt: proxy.createdAt.toISOString(),
    updatedAt: proxy.updatedAt.toISOString(),
  };
}

/** A target as the API shows it: its key masked (enough to recognise, not to use). */
export function presentTarget(target: Target, box: SecretBox) {
  return {
    id: target.id,
    name: target.name,
    baseUrl: target.baseUrl,
    model: target.model,
    provider: target.provider,
    probe: target.probe,
    apiKey: target.apiKeySecret ? maskSecret(box.open(target.apiKeySecret)) : null,
    apiKeyEnv: target.apiKeyEnv,
    caFile: target.caFile,
    intervalSeconds: target.intervalSeconds,
    timeoutMs: target.timeoutMs,
    publicHost: target.publicHost,
    enabled: target.enabled,
    pausedInFile: target.pausedInFile,
    latencyThresholdMs: target.slowAboveMs,
    latencyWindow: target.slowWindow,
    paidProbeEvery: target.paidProbeEvery,
    manualOnly: target.manualOnly,
    locations: readLocationList(target.locations),
    source: target.source,
    readOnly: isSyncedSource(target.source),
    createdAt: target.createdAt.toISOString(),
    updatedAt: target.updatedAt.toISOString(),
  };
}

export type PresentedProxy = ReturnType<typeof presentProxy>;
export type PresentedTarget = ReturnType<typeof presentTarget>;
