import type { ProxyPulseConfig } from "../config/config-schema";
import type { Db } from "../db/client";
import { formatProxySpec, parseProxySpec } from "../routes/parse-proxy-spec";
import type { SecretBox } from "../secrets/secret-box";

/**
 * Where the synced objects come from: proxypulse.yaml, or the built-in
 * defaults used when there is no file (shown as "Built in", not as the file's).
 */
export type ConfigOrigin = "file" | "builtin";

/** Objects this sync owns (and removes when they leave the config); "api" objects are the UI's. */
const SYNCED_SOURCES: ConfigOrigin[] = ["file", "builtin"];

export interface SyncReport {
  targets: number;
  proxies: number;
  routesCreated: number;
  removed: string[];
}

/**
 * Makes the database hold what proxypulse.yaml says: its targets, proxies and
 * notification channels (marked source "file", or "builtin" for the
 * defaults without a file, so the UI shows them read-only; channel settings
 * sealed) created or updated,
 * file objects no longer in the file removed with their routes, and a route
 * for every proxy × target pair. Objects created in the UI are left alone.
 */
export async function syncConfig(db: Db, config: ProxyPulseConfig, box: SecretBox, origin: ConfigOrigin = "file"): Promise<SyncReport> {
  const removed: string[] = [];
  await db.$transaction(async (tx) => {
    for (const target of config.targets) {
      const data = {
        baseUrl: target.baseUrl,
        model: target.model,
        provider: target.provider,
        probe: target.probe,
        caFile: target.caFile ?? null,
        apiKeySecret: target.apiKey ? box.seal(target.apiKey) : null,
        apiKeyEnv: target.apiKeyEnv ?? null,
        timeoutMs: target.timeoutMs ?? null,
        intervalSeconds: target.intervalSeconds ?? null,
        publicHost: target.publicHost,
        source: origin,
        // Only the file's own switch: a pause made in the dashboard (`enabled`) survives the sync.
        pausedInFile: target.enabled === false,
        slowAboveMs: target.latencyThresholdMs ?? null,
        slowWindow: target.latencyWindow ?? null,
      };
      await tx.target.upsert({ where: { name: target.name }, create: { name: target.name, ...data }, update: data });
    }
    for (const proxy of config.proxies) {
      const spec = parseProxySpec(proxy.url);
      const password = spec.protocol === "direct" || spec.protocol === "env" ? null : spec.password;
      const data = { url: formatProxySpec(spec, "omit"), passwordSecret: password ? box.seal(password) : null, passwordEnv: null, publicHost: proxy.publicHost, source: origin, pausedInFile: proxy.enabled === false };
      await tx.proxy.upsert({ where: { name: proxy.name }, create: { name: proxy.name, ...data }, update: data });
    }
    for (const channel of config.notifications) {
      const { name, type, lang, enabled, ...settings } = channel;
      const data = { type, lang, enabled, settingsSecret: box.seal(JSON.stringify(settings)), source: origin };
      await tx.notificationChannel.upsert({ where: { name }, create: { name, ...data }, update: data });
    }
    await tx.notificationChannel.deleteMany({ where: { source: { in: SYNCED_SOURCES }, name: { notIn: config.notifications.map((n) => n.name) } } });
    const staleTargets = await tx.target.findMany({ where: { source: { in: SYNCED_SOURCES }, name: { notIn: config.targets.map((t) => t.name) } } });
    const staleProxies = await tx.proxy.findMany({ where: { source: { in: SYNCED_SOURCES }, name: { notIn: config.proxies.map((p) => p.name) } } });
    removed.push(...staleTargets.map((t) => `target ${t.name}`), ...staleProxies.map((p) => `proxy ${p.name}`));
    await tx.target.deleteMany({ where: { id: { in: staleTargets.map((t) => t.id) } } });
    await tx.proxy.deleteMany({ where: { id: { in: staleProxies.map((p) => p.id) } } });
  });
  const routesCreated = await ensureRoutes(db);
  return { targets: config.targets.length, proxies: config.proxies.length, routesCreated, removed };
}

/** Creates the missing routes: one per proxy × target. */
export async function ensureRoutes(db: Db): Promise<number> {
  const [targets, proxies, routes] = await Promise.all([
    db.target.findMany({ select: { id: true } }),
    db.proxy.findMany({ select: { id: true } }),
    db.route.findMany({ select: { proxyId: true, targetId: true } }),
  ]);
  const existing = new Set(routes.map((route) => `${route.proxyId}:${route.targetId}`));
  const missing = proxies.flatMap((proxy) =>
    targets.filter((target) => !existing.has(`${proxy.id}:${target.id}`)).map((target) => ({ proxyId: proxy.id, targetId: target.id })),
  );
  if (missing.length) await db.route.createMany({ data: missing });
  return missing.length;
}
