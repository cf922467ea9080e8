import { hostname } from "node:os";
import { dirname } from "node:path";
import { loadAdminToken } from "../auth/admin-token";
import type { ProxyPulseConfig } from "../config/config-schema";
import { loadConfig } from "../config/load-config";
import { createDb, type Db } from "../db/client";
import { databaseFilePath } from "../db/database-path";
import { migrateDatabase } from "../db/migrate";
import { openSqlite, type Sqlite } from "../db/sqlite";
import { processEnvironment, readEnv, type Env } from "../env";
import { CooldownLimiter, WindowLimiter } from "../http/rate-limiter";
import { log } from "../log";
import type { ProbeResult } from "../probe/run-probe";
import { loadSecretKey } from "../secrets/load-secret-key";
import { SecretBox } from "../secrets/secret-box";
import { DatabaseLease } from "../scheduler/lease";
import { Scheduler } from "../scheduler/scheduler";
import { allMaintenanceWindows } from "../maintenance/maintenance-windows";
import { effectiveAlertRules } from "../settings/alert-rules";
import { AlertEngine } from "../notifications/alert-engine";
import { DEFAULT_DELIVERY_POLICY, deliverDue, type DeliveryPolicy } from "../notifications/outbox";
import { probeRoute } from "./probe-route";
import { pruneOldData } from "./prune-old-data";
import { refreshRouteSummaries } from "./refresh-route-summaries";
import type { StateChange } from "./record-results";
import { ResultWriter } from "./result-writer";
import { RouteCatalog } from "./route-catalog";
import { ensureRoutes, syncConfig } from "./sync-config";
import { recordSkippedSlots } from "./record-skipped-slots";
import { warnIfOverCapacity } from "./warn-capacity";

export interface MonitorService {
  env: Env;
  /** The raw environment it was started with (API keys referenced by variable name live here). */
  environment: Record<string, string | undefined>;
  config: ProxyPulseConfig;
  configFile: string | null;
  dataDir: string;
  db: Db;
  sqlite: Sqlite;
  box: SecretBox;
  adminToken: string;
  catalog: RouteCatalog;
  writer: ResultWriter;
  scheduler: Scheduler | null;
  /** Spaces out "probe now" requests (probes cost quota). */
  probeCooldown: CooldownLimiter;
  /** Limits admin-token guesses on the login form. */
  loginLimiter: WindowLimiter;
  /** Probes now (the given routes, or all enabled ones) and stores the results. */
  probeNow(routeIds?: number[]): Promise<Array<{ routeId: number; result: ProbeResult }>>;
  /** Re-reads routes after a change to proxies or targets. */
  reloadRoutes(): Promise<void>;
  onStateChanges(listener: (changes: StateChange[]) => void): void;
  /** Delivers due notifications now (tests, "send test"). */
  deliverNow(): Promise<void>;
  stop(graceMs?: number): Promise<void>;
}

export interface StartOptions {
  /** Process environment (defaults to process.env). */
  environment?: Record<string, string | undefined>;
  runScheduler: boolean;
  cwd?: string;
  /** For the benchmark: how late each probe started against its plan. */
  onProbeStart?: (routeId: number, driftMs: number) => void;
  /** How often to deliver notifications, and with what retries (tests shorten them). */
  deliveryIntervalMs?: number;
  deliveryPolicy?: DeliveryPolicy;
}

const PRUNE_EVERY_MS = 10 * 60_000;
const SUMMARIES_EVERY_MS = 60_000;

/**
 * The composition root: migrates the database, loads and applies
 * proxypulse.yaml, opens the secrets, and starts the scheduler (when asked).
 * Used by the web server's instrumentation and by `npm run worker` alike.
 */
export async function startMonitorService(options: StartOptions): Promise<MonitorService> {
  const environment = options.environment ?? processEnvironment();
  const env = readEnv(environment);
  const dbPath = databaseFilePath(env.DATABASE_URL);
  const dataDir = dirname(dbPath);
  const migration = migrateDatabase(dbPath);
  if (migration.applied.length) log.info(`database ${dbPath}: applied ${migration.applied.join(", ")}`);

  const { config, file } = loadConfig(env.PROXYPULSE_CONFIG, environment, options.cwd);
  const db = createDb(`file:${dbPath}`);
  const sqlite = openSqlite(dbPath);
  const box = new SecretBox(loadSecretKey(env.PROXYPULSE_SECRET_KEY, dataDir));
  const adminToken = loadAdminToken(env.PROXYPULSE_ADMIN_TOKEN, dataDir, (token, path) =>
    log.info(`generated the admin token (kept in ${path}; shown only this once): ${token}`),
  );
  const sync = await syncConfig(db, config, box);
  log.info(`configuration ${file ?? "(built-in defaults: no proxypulse.yaml)"}: ${sync.targets} target(s), ${sync.proxies} proxy(ies)`, {
    removed: sync.removed,
  });

  const listeners: Array<(changes: StateChange[]) => void> = [];
  // Read each time: the dashboard may change them while the process runs.
  const alertRules = () => effectiveAlertRules(sqlite, config).rules;
  const alerts = new AlertEngine(sqlite, () => ({ ...config, alerts: alertRules(), maintenance: allMaintenanceWindows(sqlite, config.maintenance) }));
  const writer = new ResultWriter(
    sqlite,
    alertRules,
    (changes) => {
      for (const change of changes) log.info(`route ${change.routeId}: ${change.fromState} → ${change.toState}${change.kind ? ` (${change.kind})` : ""}`);
      alerts.onStateChanges(changes);
      for (const listener of listeners) listener(changes);
    },
    {
      flushMs: 200,
      maxBatch: 500,
      afterFlush: (routeIds) => {
        refreshRouteSummaries(sqlite, Date.now(), routeIds);
        alerts.checkQuota(Date.now());
      },
    },
  );

  // Every process delivers (claims keep two from sending one message); a
  // message queued before a restart is sent after it.
  let delivering = false;
  const deliver = async () => {
    if (delivering) return;
    delivering = true;
    try {
      alerts.tick(Date.now());
      const report = await deliverDue(sqlite, box, Date.now(), options.deliveryPolicy ?? DEFAULT_DELIVERY_POLICY);
      if (report.failed) log.warn(`${report.failed} notification(s) could not be delivered after every retry (see the delivery log)`);
    } catch (error) {
      log.error("notification delivery failed", { error: String(error) });
    } finally {
      delivering = false;
    }
  };
  const deliveryTimer = setInterval(() => void deliver(), options.deliveryIntervalMs ?? 2000);
  const catalog = new RouteCatalog(db, box, environment);
  await catalog.reload(config);
  refreshRouteSummaries(sqlite);

  const probeAndStore = async (routeId: number) => {
    const route = catalog.get(routeId);
    if (!route) return null;
    const result = await probeRoute(route);
    await writer.write({ routeId, targetId: route.targetId, result });
    return result;
  };

  let pruneTimer: NodeJS.Timeout | null = null;
  let summaryTimer: NodeJS.Timeout | null = null;
  const prune = () => {
    pruneOldData(sqlite, config.retention)
      .then((report) => {
        if (Object.values(report).some((n) => n > 0)) log.info("pruned data past retention", { ...report });
      })
      .catch((error: unknown) => log.error("pruning failed", { error: String(error) }));
  };

  const leaseTtlMs = Math.max(10_000, config.intervalSeconds * 1000);
  const scheduler = options.runScheduler
    ? new Scheduler({
        listRoutes: () => catalog.list(),
        probe: probeAndStore,
        lease: new DatabaseLease(sqlite, `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`, leaseTtlMs),
        leaseTtlMs,
        concurrency: config.concurrency,
        ...(options.onProbeStart ? { onStart: options.onProbeStart } : {}),
        onSkip: (routeId, slots) => recordSkippedSlots(sqlite, routeId, slots),
        onError: (error, routeId) => log.error(`probe of route ${routeId ?? "-"} failed to run`, { error: String(error) }),
        onLeadershipChange: (leader) => {
          log.info(leader ? "this process now runs the scheduler" : "another process holds the scheduler lease; standing by");
          if (leader) {
            prune();
            pruneTimer = setInterval(prune, PRUNE_EVERY_MS);
            pruneTimer.unref();
            summaryTimer = setInterval(() => refreshRouteSummaries(sqlite), SUMMARIES_EVERY_MS);
            summaryTimer.unref();
          } else {
            if (pruneTimer) clearInterval(pruneTimer);
            if (summaryTimer) clearInterval(summaryTimer);
            pruneTimer = summaryTimer = null;
          }
        },
      })
    : null;
  if (scheduler) warnIfOverCapacity(catalog.list(), config.concurrency);
  scheduler?.start();

  let stopped = false;
  return {
    env,
    environment,
    config,
    configFile: file,
    dataDir,
    db,
    sqlite,
    box,
    adminToken,
    catalog,
    writer,
    scheduler,
    probeCooldown: new CooldownLimiter(config.probeNowCooldownSeconds * 1000),
    loginLimiter: new WindowLimiter(10, 60_000),
    probeNow: async (routeIds) => {
      const ids = routeIds ?? catalog.list().filter((route) => route.enabled).map((route) => route.id);
      return Promise.all(ids.map(async (routeId) => ({ routeId, result: (await probeAndStore(routeId))! })));
    },
    reloadRoutes: async () => {
      await ensureRoutes(db);
      await catalog.reload(config);
      if (scheduler) warnIfOverCapacity(catalog.list(), config.concurrency);
      scheduler?.refresh();
    },
    onStateChanges: (listener) => listeners.push(listener),
    deliverNow: async () => {
      while (delivering) await new Promise((resolve) => setTimeout(resolve, 20));
      await deliver();
    },
    stop: async (graceMs = 10_000) => {
      if (stopped) return;
      stopped = true;
      if (pruneTimer) clearInterval(pruneTimer);
      if (summaryTimer) clearInterval(summaryTimer);
      clearInterval(deliveryTimer);
      await scheduler?.stop(graceMs);
      writer.flush();
      while (delivering) await new Promise((resolve) => setTimeout(resolve, 20));
      writer.close();
      await catalog.close();
      await db.$disconnect();
      sqlite.close();
    },
  };
}
