import { hostname } from "node:os";
import { boundHeapGrowth } from "../runtime/bound-heap-growth";
import { presenceCooldownMs } from "../agent/hub/presence-cooldown";
import { warnUnreachableQuorum } from "../locations/warn-unreachable-quorum";
import { settleWithin } from "../async/settle-within";
import { skipWhileRunning } from "../async/skip-while-running";
import { loadAdminToken } from "../auth/admin-token";
import type { ProxyPulseConfig } from "../config/config-schema";
import { loadConfig } from "../config/load-config";
import type { Db } from "../db/client";
import { openDatabase } from "../db/open-database";
import type { Sqlite } from "../db/sqlite";
import type { Store } from "../db/store/store";
import { StorageHealth, WRITE_CHECK } from "../db/storage-health";
import { watchDatabaseFile } from "../db/watch-database-file";
import { DatabaseWriteCheck } from "../db/write-check";
import { processEnvironment, readEnv, type Env } from "../env";
import { ServiceUnavailableError } from "../http/app-error";
import { CooldownLimiter, WindowLimiter } from "../http/rate-limiter";
import { createTestLimiter } from "../management/test-route-budget";
import { log } from "../log";
import type { ProbeResult } from "../probe/run-probe";
import { loadSecretKey, secretKeySource } from "../secrets/load-secret-key";
import { checkSealedSecrets, listIrreplaceableSecrets } from "../secrets/sealed-secrets";
import { SecretBox } from "../secrets/secret-box";
import { ShardLeases, shardLeaseTtlMs } from "../scheduler/shard-leases";
import type { Scheduler } from "../scheduler/scheduler";
import type { Clock } from "../scheduler/clock";
import { keepSettings, stopKeptSettings, type KeptSettings } from "../settings/kept-settings";
import { AlertEngine } from "../notifications/alert-engine";
import { DeliveryLanes } from "../notifications/delivery-lanes";
import { DEFAULT_DELIVERY_POLICY, type DeliveryPolicy } from "../notifications/outbox";
import { createProbeEngine } from "../composition/probe-engine";
import { AGENT_OFFLINE_AFTER_MS, markSilentAgentsOffline } from "../agent/hub/agent-presence";
import type { HealthParts } from "./readiness";
import type { StateChange } from "../db/store/result-store";
import { ResultWriter } from "./result-writer";
import { RouteCatalog } from "./route-catalog";
import { configurationSentence, shareSentence, stateChangeSentence } from "./log-sentences";
import { ensureRoutes, syncConfig } from "./sync-config";
import { warnIfOverCapacity } from "./warn-capacity";

export interface MonitorService {
  env: Env;
  /** The raw environment it was started with (API keys referenced by variable name live here). */
  environment: Record<string, string | undefined>;
  config: ProxyPulseConfig;
  configFile: string | null;
  dataDir: string;
  db: Db;
  /** The time-series path (lib/db/README.md). */
  store: Store;
  /** The SQLite writer connection (SQLite only: null on PostgreSQL; tests read the file through it). */
  sqlite: Sqlite | null;
  box: SecretBox;
  adminToken: string;
  catalog: RouteCatalog;
  writer: ResultWriter;
  scheduler: Scheduler | null;
  /** What /readyz and the dashboard's storage banner read. */
  health: HealthParts;
  /** Spaces out "probe now" requests (probes cost quota). */
  probeCooldown: CooldownLimiter;
  /** Limits wrong admin-token guesses (login form and bearer tokens), per client address. */
  loginLimiter: WindowLimiter;
  /** "Test before saving" runs per caller and minute (beside probeCooldown per route tested). */
  testLimiter: WindowLimiter;
  /** Probes now (the given routes, or all enabled ones) and stores the results. */
  probeNow(routeIds?: number[]): Promise<Array<{ routeId: number; result: ProbeResult }>>;
  /** Re-reads routes after a change to proxies or targets. */
  reloadRoutes(): Promise<void>;
  onStateChanges(listener: (changes: StateChange[]) => void): void;
  /** Runs a delivery tick now and waits until nothing is in flight (tests). */
  deliverNow(): Promise<void>;
  /** Resolves once the alert passes started so far have ended (they run after the results are stored, on their own: tests). */
  alertsIdle(): Promise<void>;
  stop(graceMs?: number): Promise<void>;
  /** The alert rules and maintenance windows in force, kept in memory for the write and alert paths; set or refreshed after a change through the API. */
  kept: KeptSettings;
}

export interface StartOptions {
  /** Process environment (defaults to process.env). */
  environment?: Record<string, string | undefined>;
  runScheduler: boolean;
  cwd?: string;
  /** The scheduler's clock (tests run it faster than the wall clock); the system's by default. */
  schedulerClock?: Clock;
  /** For the benchmark: how late each probe started against its plan. */
  onProbeStart?: (routeId: number, driftMs: number) => void;
  /** How often to deliver notifications, and with what retries (tests shorten them). */
  deliveryIntervalMs?: number;
  deliveryPolicy?: DeliveryPolicy;
  /** Called when the process must not go on (its database file was removed); defaults to logging and exiting with 1. */
  onFatal?: (message: string) => void;
  /** How often to check that the database file is still the one opened. */
  databaseWatchMs?: number;
  /** Silence after which a probe agent's location is announced offline (tests shorten it). */
  agentOfflineAfterMs?: number;
}

/** For a writer's error that is not the storage's: one log line saying what failed. */
const logFailure = (what: string) => (error: unknown) => log.error(`${what} failed`, { error: String(error) });

const exitOnFatal = (message: string) => {
  log.error(message);
  process.exit(1);
};

const PRUNE_EVERY_MS = 10 * 60_000;
/** How often the scheduler's process writes the route summaries that moved materially, and its share of the periodic rewrite (summary-deadband). */
const SUMMARIES_EVERY_MS = 10_000;
/** Channels served at once; each sends one message at a time. */
const DELIVERY_CHANNELS_AT_ONCE = 8;
/** How long stop() lets notifications in flight finish; what is left is sent after the restart. */
const DELIVERY_STOP_GRACE_MS = 3000;

/** The secret key, refused when it cannot open the secrets only it can open (named in the error). */
async function openSecrets(prisma: Db, env: Env, dataDir: string): Promise<SecretBox> {
  const irreplaceable = await listIrreplaceableSecrets(prisma);
  const box = new SecretBox(loadSecretKey(env.PROXYPULSE_SECRET_KEY, dataDir, () => irreplaceable.map((secret) => secret.label)));
  await checkSealedSecrets(prisma, box, secretKeySource(env.PROXYPULSE_SECRET_KEY, dataDir));
  return box;
}

/**
 * The composition root: migrates the database, loads and applies
 * proxypulse.yaml, opens the secrets, and starts the scheduler (when asked).
 * Used by the web server's instrumentation and by `npm run worker` alike.
 */
export async function startMonitorService(options: StartOptions): Promise<MonitorService> {
  if (options.runScheduler) boundHeapGrowth();
  const environment = options.environment ?? processEnvironment();
  const env = readEnv(environment);
  const instanceId = `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  // Start-up checks: each fails the start with one clear message (the
  // callers exit non-zero) rather than leaving a process that cannot work.
  const database = await openDatabase(env.DATABASE_URL, instanceId, env.PROXYPULSE_DATA_DIR);
  const { prisma: db, store, sqlite, dataDir } = database;
  if (database.applied.length) log.info(`database ${database.label}: applied ${database.applied.join(", ")}`);

  let config: ProxyPulseConfig, file: string | null, box: SecretBox;
  try {
    ({ config, file } = loadConfig(env.PROXYPULSE_CONFIG, environment, options.cwd));
    // Through Prisma: the secrets are configuration (lib/db/README.md).
    box = await openSecrets(db, env, dataDir);
  } catch (error) {
    await database.close().catch(logFailure("closing the database after a failed start"));
    throw error;
  }
  const storage = new StorageHealth();
  const writeCheck = new DatabaseWriteCheck(store.upkeep, instanceId, storage);
  storage.report(WRITE_CHECK, null);
  // The token itself never goes to the log (logs are collected and shared); the file is readable by its owner only.
  const adminToken = loadAdminToken(env.PROXYPULSE_ADMIN_TOKEN, dataDir, (_token, path) =>
    log.info(`Generated an admin token to log in with: read it with \`cat ${path}\` (or set PROXYPULSE_ADMIN_TOKEN).`),
  );
  const sync = await syncConfig(db, store.engine, config, box, file ? "file" : "builtin");
  await store.results.applyPauses(Date.now());
  log.info(configurationSentence(file, sync));
  await warnUnreachableQuorum(db, config.minLocations);

  const listeners: Array<(changes: StateChange[]) => void> = [];
  // Kept incrementally by the process that runs the scheduler (it stores
  // nearly every result); any other process recomputes the routes it wrote
  // and marks them for that one.
  const summaries = store.summaries;
  // "keeping": this process leads and records every result; "none": another process keeps them.
  let summariesRole: "none" | "keeping" = "none";
  // Kept in memory (read per write batch and per event; the dashboard may change them while the process runs: see kept-settings.ts).
  const kept = await keepSettings(db, config);
  const alertRules = () => kept.alertRules.current();
  const alerts = await AlertEngine.start(store.alerts, async () => ({ ...config, alerts: alertRules(), maintenance: kept.maintenanceWindows.current() }));
  // The alert pass runs after the results' transaction, on its own: a failure is logged, and the next tick takes the events up again.
  const announceNewEvents = () => void alerts.processNewEvents().catch((error: unknown) => log.error("handling state changes failed after the results were stored", { error: String(error) }));
  const writer = new ResultWriter(
    store.results,
    alertRules,
    (changes) => {
      for (const change of changes) {
        const route = catalog.get(change.routeId);
        if (route) log.info(stateChangeSentence(change, route));
        // A row at another location: not in the hub's catalog, so its names are read.
        else void store.routes.namesAtLocation(change.routeId).then((names) => log.info(stateChangeSentence(change, names)), logFailure(`naming route ${change.routeId}'s state change`));
      }
      // Asynchronous (lib/db/store); not awaited by the writer.
      announceNewEvents();
      for (const listener of listeners) listener(changes);
    },
    {
      flushMs: 200,
      maxBatch: 500,
      storage,
      afterFlush: async (routeIds, items) => {
        if (summariesRole === "keeping") await summaries.record(items, Date.now());
        else await summaries.refreshWritten(routeIds, Date.now());
        // Its failure is the alert pass's (the next result or tick checks again).
        void alerts.checkQuota(Date.now()).catch((error: unknown) => storage.absorb("alerts", error, logFailure("quota check")));
      },
    },
  );

  // Every process delivers (claims keep two from sending one message); a
  // message queued before a restart is sent after it.
  const lanes = new DeliveryLanes(store.outbox, box, {
    policy: options.deliveryPolicy ?? DEFAULT_DELIVERY_POLICY,
    maxChannels: DELIVERY_CHANNELS_AT_ONCE,
    onOutcome: (outcome, channelId) => {
      // Every outcome was written to the outbox: the lanes' writes work.
      storage.report("notification delivery", null);
      if (outcome === "failed") log.warn(`a notification to channel ${channelId} could not be delivered after every retry (see the delivery log)`);
    },
    onError: (error, channelId) => storage.absorb("notification delivery", error, logFailure(`notification delivery to channel ${channelId}`)),
  });
  // Never waits for a send: alerts and other channels go on while one receiver hangs.
  // Resolves once the alert pass is done and the lanes are started; never rejects.
  const deliver = async (): Promise<void> => {
    // Its own source: the lanes' start below succeeding (a read) says nothing about the alert pass's writes.
    try {
      await alerts.tick(Date.now());
      storage.clear("alerts");
    } catch (error) {
      storage.absorb("alerts", error, logFailure("alert check (retried on the next tick)"));
    }
    try {
      await lanes.start(Date.now());
      storage.clear("notifications");
    } catch (error) {
      storage.absorb("notifications", error, logFailure("notification delivery"));
    }
  };
  // A tick still running when the next is due: the next is skipped (ticks never pile up on a slow disk).
  const deliveryTick = skipWhileRunning(deliver);
  const deliveryTimer = setInterval(deliveryTick, options.deliveryIntervalMs ?? 2000);
  // Probe agents that fell silent: announced offline by whichever process looks first (the flip is one conditional update).
  const silenceRule = { offlineAfterMs: options.agentOfflineAfterMs ?? AGENT_OFFLINE_AFTER_MS, listeningSince: Date.now() };
  const presenceTick = skipWhileRunning(async () => {
    try {
      await markSilentAgentsOffline(store, Date.now(), config.publicUrl ?? null, { ...silenceRule, cooldownMs: presenceCooldownMs(alertRules()) });
      storage.clear("agent presence");
    } catch (error) {
      storage.absorb("agent presence", error, logFailure("checking probe agents' presence"));
    }
  });
  const presenceTimer = setInterval(presenceTick, Math.min(5000, Math.max(100, Math.floor(silenceRule.offlineAfterMs / 4))));
  presenceTimer.unref();
  const catalog = new RouteCatalog(db, box, environment);
  await catalog.reload(config);

  let pruneTimer: NodeJS.Timeout | null = null;
  let summaryTimer: NodeJS.Timeout | null = null;
  const prune = () => {
    store.upkeep
      .prune(config.retention, Date.now())
      .then(async (report) => {
        if (Object.values(report).some((n) => n > 0)) log.info("pruned data past retention", { ...report });
        if (summariesRole === "keeping") await summaries.afterPrune(report, config.retention, Date.now());
      })
      .catch((error: unknown) => log.error("pruning failed", { error: String(error) }));
  };

  // Several processes on one PostgreSQL share the routes by shard leases
  // (lib/scheduler/shard-leases.ts); on one SQLite file (one writer) the
  // first holds them all and the others stand by.
  const leaseTtlMs = shardLeaseTtlMs([config.intervalSeconds * 1000, ...catalog.list().map((route) => route.intervalMs)]);
  const lease = options.runScheduler
    ? new ShardLeases(store.leases, instanceId, leaseTtlMs, { storage, evenShares: database.engine === "postgresql", onShare: (probing, shards) => log.info(shareSentence(probing, shards)) })
    : null;
  // The same engine as the probe agent's (lib/composition): routes from the database, results to the writer.
  const engine = createProbeEngine({
    source: catalog,
    sink: writer,
    scheduling: lease
      ? {
          lease,
          leaseTtlMs,
          concurrency: config.concurrency,
          ...(options.onProbeStart ? { onStart: options.onProbeStart } : {}),
          ...(options.schedulerClock ? { clock: options.schedulerClock } : {}),
          // On a full disk the count is lost, said once by the storage health (not as "probe failed to run").
          onSkip: (routeId, slots) => {
            store.results
              .addSkippedSlots(routeId, slots)
              .catch((error: unknown) => storage.absorb("skipped slots", error, logFailure(`counting skipped slots of route ${routeId}`)));
          },
          onError: (error, routeId) => log.error(`probe of route ${routeId ?? "-"} failed to run`, { error: String(error) }),
          lastProbeTimes: (routeIds) => store.routes.lastProbeTimes(routeIds),
          onLeadershipChange: (leader) => {
            if (leader) {
              prune();
              pruneTimer = setInterval(prune, PRUNE_EVERY_MS);
              pruneTimer.unref();
              let keeping: Promise<void> | null = null;
              const keepSummaries = async () => {
                // A full disk must not end the process from a timer: say it once, go on.
                try {
                  // On taking the lead, each route is read from the rollups when first needed (another process kept them until now).
                  if (summariesRole === "none") await summaries.startKeeping();
                  summariesRole = "keeping";
                  await summaries.tick(Date.now());
                  storage.report("summaries", null);
                } catch (error) {
                  storage.absorb("summaries", error, logFailure("updating route summaries"));
                }
              };
              // One pass at a time: a slow one makes the next wait for its turn rather than run beside it.
              const keepSummariesOnce = () => {
                keeping ??= keepSummaries().finally(() => (keeping = null));
              };
              keepSummariesOnce();
              summaryTimer = setInterval(keepSummariesOnce, SUMMARIES_EVERY_MS);
              summaryTimer.unref();
            } else {
              if (pruneTimer) clearInterval(pruneTimer);
              if (summaryTimer) clearInterval(summaryTimer);
              pruneTimer = summaryTimer = null;
              summariesRole = "none";
              summaries.stopKeeping();
            }
          },
      }
      : null,
  });
  const scheduler = engine.scheduler;
  const probeAndStore = engine.probeAndStore;
  if (scheduler) warnIfOverCapacity(catalog.list(), config.concurrency);
  await scheduler?.start();

  let stopped = false;
  // Probes an admin asked for: stop() lets them finish and store their
  // results like the scheduler's own, instead of closing the writer under them.
  const probesNow = new Set<Promise<unknown>>();
  const filePath = database.filePath;
  const stopWatching =
    filePath === null || filePath === ":memory:"
      ? () => undefined
      : watchDatabaseFile(
          filePath,
          (what) =>
            (options.onFatal ?? exitOnFatal)(
              `the database file ${filePath} was ${what} while ProxyPulse was running: stopping, because every result from now on would be lost at the next start. ` +
                "Restore the file from a backup (or start again to begin a new database).",
            ),
          options.databaseWatchMs,
        );
  return {
    env,
    environment,
    config,
    configFile: file,
    dataDir,
    db,
    store,
    sqlite,
    box,
    adminToken,
    catalog,
    writer,
    scheduler,
    health: { storage, writeCheck, scheduler, lease, heldResults: () => writer.heldCount, stopped: () => stopped },
    probeCooldown: new CooldownLimiter(config.probeNowCooldownSeconds * 1000),
    loginLimiter: new WindowLimiter(10, 60_000),
    testLimiter: createTestLimiter(),
    probeNow: async (routeIds) => {
      if (stopped) throw new ServiceUnavailableError("shutting_down", "ProxyPulse is stopping; probe again once it has restarted.", 5);
      const ids = routeIds ?? catalog.list().filter((route) => route.enabled).map((route) => route.id);
      const probing = Promise.all(ids.map(async (routeId) => ({ routeId, result: (await probeAndStore(routeId))! }))).then(async (results) => {
        // Asked for by a person looking at the page: its figures now, not at the next flush.
        // Not while results are held (the disk fails): the timer writes them once it works again.
        if (summariesRole === "keeping" && writer.heldCount === 0) {
          try {
            await summaries.flushChanged(Date.now(), ids);
            storage.report("summaries", null);
          } catch (error) {
            storage.absorb("summaries", error, logFailure("updating route summaries"));
          }
        }
        return results;
      });
      probesNow.add(probing);
      return probing.finally(() => probesNow.delete(probing));
    },
    reloadRoutes: async () => {
      await ensureRoutes(db, store.engine);
      // A switch just changed (or routes were added under a paused proxy): states and events first.
      if ((await store.results.applyPauses(Date.now())).length) await alerts.processNewEvents();
      await catalog.reload(config);
      if (scheduler) warnIfOverCapacity(catalog.list(), config.concurrency);
      engine.refresh();
    },
    onStateChanges: (listener) => listeners.push(listener),
    deliverNow: async () => {
      await deliver();
      await lanes.idle();
    },
    alertsIdle: () => alerts.idle(),
    stop: async (graceMs = 10_000) => {
      if (stopped) return;
      stopped = true;
      stopWatching();
      if (pruneTimer) clearInterval(pruneTimer);
      if (summaryTimer) clearInterval(summaryTimer);
      clearInterval(deliveryTimer);
      clearInterval(presenceTimer);
      const graceUntil = Date.now() + graceMs;
      await scheduler?.stop(graceMs);
      await settleWithin([...probesNow], graceUntil - Date.now());
      await writer.flush();
      await lanes.stop(Math.min(graceMs, DELIVERY_STOP_GRACE_MS));
      await writer.close();
      // The ticks and alert passes in flight (the last results start some), before their connection closes.
      await Promise.all([deliveryTick.idle(), presenceTick.idle()]);
      await alerts.idle();
      await catalog.close();
      await stopKeptSettings(kept);
      await database.close();
    },
    kept,
  };
}
