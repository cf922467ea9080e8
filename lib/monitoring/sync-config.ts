import type { StoreEngine } from "../db/store/store";
import type { ProxyPulseConfig } from "../config/config-schema";
import type { Db } from "../db/client";
import { formatProxySpec, parseProxySpec } from "../routes/parse-proxy-spec";
import type { SecretBox } from "../secrets/secret-box";
import { powerOfTwoBatches } from "../db/power-of-two-batches";
import { Prisma } from "../generated/prisma/client";
import { HUB_LOCATION_ID } from "../locations/location-name";
import { syncLocations } from "../locations/sync-locations";

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
  /** Locations revoked because the file no longer lists them. */
  revokedLocations: string[];
}

/**
 * Makes the database hold what proxypulse.yaml says: its targets, proxies and
 * notification channels (marked source "file", or "builtin" for the
 * defaults without a file, so the UI shows them read-only; channel settings
 * sealed) created or updated,
 * file objects no longer in the file removed with their routes, and a route
 * for every proxy × target pair. Objects created in the UI are left alone.
 */
export async function syncConfig(db: Db, engine: StoreEngine, config: ProxyPulseConfig, box: SecretBox, origin: ConfigOrigin = "file"): Promise<SyncReport> {
  const removed: string[] = [];
  const revokedLocations: string[] = [];
  await db.$transaction(async (tx) => {
    const locations = await syncLocations(tx, config, new Date(), engine);
    revokedLocations.push(...locations.revoked);
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
        paidProbeEvery: target.paidProbeEvery,
        manualOnly: target.manualOnly,
        locations: locations.storedList(target.locations),
      };
      await tx.target.upsert({ where: { name: target.name }, create: { name: target.name, ...data }, update: data });
    }
    for (const proxy of config.proxies) {
      const spec = parseProxySpec(proxy.url);
      const password = spec.protocol === "direct" || spec.protocol === "env" ? null : spec.password;
      const data = { url: formatProxySpec(spec, "omit"), passwordSecret: password ? box.seal(password) : null, passwordEnv: null, publicHost: proxy.publicHost, source: origin, pausedInFile: proxy.enabled === false, locations: locations.storedList(proxy.locations) };
      await tx.proxy.upsert({ where: { name: proxy.name }, create: { name: proxy.name, ...data }, update: data });
    }
    for (const channel of config.notifications) {
      const { name, type, lang, enabled, ...settings } = channel;
      const data = { type, lang, enabled, settingsSecret: box.seal(JSON.stringify(settings)), source: origin };
      await tx.notificationChannel.upsert({ where: { name }, create: { name, ...data }, update: data });
    }
    // Compared here, not with `notIn` in SQL: a file with hundreds of objects would pass SQLite's bound-parameter limit.
    const staleChannels = notNamed(await tx.notificationChannel.findMany({ where: { source: { in: SYNCED_SOURCES } }, select: { id: true, name: true } }), config.notifications);
    const staleTargets = notNamed(await tx.target.findMany({ where: { source: { in: SYNCED_SOURCES } }, select: { id: true, name: true } }), config.targets);
    const staleProxies = notNamed(await tx.proxy.findMany({ where: { source: { in: SYNCED_SOURCES } }, select: { id: true, name: true } }), config.proxies);
    removed.push(...staleTargets.map((t) => `target ${t.name}`), ...staleProxies.map((p) => `proxy ${p.name}`));
    for (const ids of powerOfTwoBatches(staleChannels.map((c) => c.id))) await tx.notificationChannel.deleteMany({ where: { id: { in: ids } } });
    for (const ids of powerOfTwoBatches(staleTargets.map((t) => t.id))) await tx.target.deleteMany({ where: { id: { in: ids } } });
    for (const ids of powerOfTwoBatches(staleProxies.map((p) => p.id))) await tx.proxy.deleteMany({ where: { id: { in: ids } } });
  });
  const routesCreated = await ensureRoutes(db, engine);
  return { targets: config.targets.length, proxies: config.proxies.length, routesCreated, removed, revokedLocations };
}

/**
 * Whether location `l` probes the pair of proxy `p` and target `t` (`rp`: the
 * pair's RoutePlacement, if any): never a revoked location; else the pair's
 * own list if it has one, else the intersection of its target's and its
 * proxy's lists (null: every location). One expression for both the rows
 * created and the `assigned` flag, so the two cannot disagree.
 */
function wanted(engine: StoreEngine): Prisma.Sql {
  // A JSON list of names, as rows: SQLite's json_each, PostgreSQL's json_array_elements_text.
  const names = (list: string) => (engine === "postgresql" ? `SELECT json_array_elements_text(${list}::json)` : `SELECT "value" FROM json_each(${list})`);
  return Prisma.raw(`(l."revokedAt" IS NULL AND CASE WHEN rp."locations" IS NOT NULL THEN l."name" IN (${names(`rp."locations"`)})
  ELSE (t."locations" IS NULL OR l."name" IN (${names(`t."locations"`)}))
   AND (p."locations" IS NULL OR l."name" IN (${names(`p."locations"`)})) END)`);
}

/**
 * Creates the missing routes: for every proxy × target, its row at the hub's
 * own location (always: that row's id names the pair) and one at every other
 * location that probes the pair; then sets `assigned` on every row (the
 * rows of a location that no longer probes the pair keep their history).
 * Set-based statements rather than a createMany of the missing rows: Prisma
 * caches a compiled plan per statement, and plans for thousands of rows
 * stayed in the process (~40 MB for 10,000 routes), even in batches.
 * Returns the number of rows created.
 */
export async function ensureRoutes(db: Db, engine: StoreEngine): Promise<number> {
  const WANTED = wanted(engine);
  const [, created] = await db.$transaction([
    // A placement outlives nothing: its pair's proxy or target is gone (no foreign key on the pair).
    db.$executeRaw`DELETE FROM "RoutePlacement" WHERE "proxyId" NOT IN (SELECT "id" FROM "Proxy") OR "targetId" NOT IN (SELECT "id" FROM "Target")`,
    db.$executeRaw`
      INSERT INTO "Route" ("proxyId", "targetId", "locationId", "assigned", "createdAt")
      SELECT p."id", t."id", l."id", ${WANTED}, ${new Date()}
      FROM "Proxy" p CROSS JOIN "Target" t CROSS JOIN "Location" l
      LEFT JOIN "RoutePlacement" rp ON rp."proxyId" = p."id" AND rp."targetId" = t."id"
      WHERE (l."id" = ${HUB_LOCATION_ID} OR ${WANTED})
        AND NOT EXISTS (SELECT 1 FROM "Route" r WHERE r."proxyId" = p."id" AND r."targetId" = t."id" AND r."locationId" = l."id")
      ORDER BY p."id", t."id", l."id"`,
    db.$executeRaw`
      UPDATE "Route" SET "assigned" = NOT "assigned"
      WHERE "assigned" <> (
        SELECT ${WANTED} FROM "Location" l CROSS JOIN "Target" t CROSS JOIN "Proxy" p
        LEFT JOIN "RoutePlacement" rp ON rp."proxyId" = p."id" AND rp."targetId" = t."id"
        WHERE l."id" = "Route"."locationId" AND t."id" = "Route"."targetId" AND p."id" = "Route"."proxyId")`,
  ]);
  return created;
}

/** The stored objects whose names the config no longer has. */
function notNamed<T extends { name: string }>(stored: T[], wanted: ReadonlyArray<{ name: string }>): T[] {
  const names = new Set(wanted.map((item) => item.name));
  return stored.filter((item) => !names.has(item.name));
}
