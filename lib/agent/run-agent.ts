import { join } from "node:path";
import { createProbeEngine, type ProbeEngine } from "../composition/probe-engine";
import { log } from "../log";
import { boundHeapGrowth } from "../runtime/bound-heap-growth";
import type { Lease } from "../scheduler/lease";
import { AgentAssignment, AgentHeartbeatAnswer, AgentResultsAnswer, MAX_BATCH_BYTES, MAX_RESULTS_PER_BATCH, type RuntimeRouteSpec } from "./agent-protocol";
import { AgentSpool } from "./agent-spool";
import { AssignmentCatalog } from "./assignment-catalog";
import { fitAgentResult } from "./fit-agent-result";
import { errorCode, errorMessage, HubClient, refusedRouteIds, TokenRefusedError } from "./hub-client";

export interface AgentOptions {
  hubUrl: URL;
  token: string;
  dataDir: string;
  spoolMax: number;
  version: string;
  /** How often to send a heartbeat (tests shorten it). */
  heartbeatMs?: number;
  /** How long a request to the hub may take (a long poll: on top of its wait). */
  requestTimeoutMs?: number;
}

export const HEARTBEAT_MS = 15_000;
export const REQUEST_TIMEOUT_MS = 30_000;
/** How long the hub holds an assignment request that has nothing new. */
const ASSIGNMENT_WAIT_S = 50;
/** Retries while the token is refused: slow, it only helps if the location's token is restored. */
const REFUSED_RETRY_MS = 30_000;
const MAX_BACKOFF_MS = 30_000;
/** Results older than the hub takes (a day), with a margin for the trip. */
const SENDABLE_AGE_MS = 24 * 3600_000 - 10 * 60_000;
/** Stay under the hub's body limit (the JSON around each result is counted on top). */
const BATCH_BYTES = Math.floor(MAX_BATCH_BYTES * 0.9);
/**
 * Unless a backlog is waiting, the uploader lets results gather this long
 * before the next batch: without it every probe became a request of its own (40 a
 * second at 200 routes every 5 s, past the hub's 20 requests a second per
 * location, so half of them came back 429).
 */
const UPLOAD_GAP_MS = 250;
/** How long the first batch waits for the first heartbeat's answer (the hub's view of this clock). */
const FIRST_HEARTBEAT_WAIT_MS = 10_000;
/** Spool drops are logged at most this often (each with the count). */
const DROP_LOG_EVERY_MS = 10_000;

/** A lease that is always held: an agent is the only prober of its assignment. */
const OWN_LEASE: Lease = { acquire: async () => true, release: async () => undefined, holder: "agent" };

/**
 * The probe agent: long-polls the hub for its assignment, probes it with the
 * hub's own engine (lib/composition/probe-engine.ts), spools every result
 * in SQLite first and uploads the spool in order, and sends a heartbeat.
 * Runs until `stop` aborts; then lets probes in flight finish into the spool
 * and resolves with the exit code.
 */
export async function runAgent(options: AgentOptions, stop: AbortSignal): Promise<number> {
  boundHeapGrowth();
  let droppedSinceLog = 0;
  let lastDropLog = 0;
  const spool = AgentSpool.open(options.dataDir, options.spoolMax, (dropped, total) => {
    droppedSinceLog += dropped;
    if (Date.now() - lastDropLog < DROP_LOG_EVERY_MS) return;
    log.warn(`spool full (at most ${options.spoolMax} results): dropped the ${droppedSinceLog} oldest result(s) not yet sent to the hub (${total} dropped in all)`);
    droppedSinceLog = 0;
    lastDropLog = Date.now();
  });
  const client = new HubClient(options.hubUrl, options.token, options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS);
  const catalog = new AssignmentCatalog(join(options.dataDir, "ca"));
  const loops = new AbortController();
  const onStop = () => loops.abort();
  stop.addEventListener("abort", onStop, { once: true });
  if (stop.aborted) loops.abort();
  const signal = loops.signal;

  // In an object: assigned from the loops' callbacks, read at stop.
  const current: { engine: ProbeEngine | null } = { engine: null };
  let refused = false;
  let wakeUploader: (() => void) | null = null;
  log.info(`probe agent ${options.version}: hub ${options.hubUrl.origin}, data dir ${options.dataDir}, ${spool.size} result(s) waiting in the spool`);

  // Resolved by the first heartbeat the hub answers.
  let heardBack: () => void = () => undefined;
  const firstHeartbeat = new Promise<void>((resolve) => (heardBack = resolve));

  // Results that could not be written to the spool (a full disk, a read-only mount): lost, counted, told to the hub.
  const unspooled = { lost: 0, failing: false };
  const sink = {
    write: async (item: { routeId: number; result: { startedAt: string } }) => {
      try {
        // Fitted first: the hub refuses a whole batch for one result out of its bounds.
        spool.append(item.routeId, fitAgentResult(item.result));
      } catch (error) {
        unspooled.lost += 1;
        if (!unspooled.failing) log.error(`cannot write the spool in ${options.dataDir} (${reason(error)}): results are lost until it can be written again (a full disk?); the hub is told how many`);
        unspooled.failing = true;
        return;
      }
      if (unspooled.failing) log.info(`the spool takes results again (${unspooled.lost} result(s) lost in all while it could not)`);
      unspooled.failing = false;
      wakeUploader?.();
    },
  };

  const apply = (routes: RuntimeRouteSpec[], concurrency: number) => {
    catalog.apply(routes);
    if (!current.engine) {
      current.engine = createProbeEngine({
        source: catalog,
        sink,
        scheduling: {
          lease: OWN_LEASE,
          leaseTtlMs: 60_000,
          concurrency,
          onError: (error, routeId) => log.error(`probe of route ${routeId ?? "-"} failed to run`, { error: String(error) }),
        },
      });
      current.engine.scheduler?.start();
    } else {
      // The hub's concurrency (proxypulse.yaml) comes with the assignment: a restarted hub with a new value changes it here too.
      const scheduler = current.engine.scheduler;
      if (scheduler && scheduler.concurrency !== concurrency) {
        log.info(`concurrency: ${concurrency} probes at once (was ${scheduler.concurrency}), as the hub now says`);
        scheduler.setConcurrency(concurrency);
      }
      current.engine.refresh();
    }
  };

  const onRefused = (error: TokenRefusedError) => {
    if (refused) return;
    refused = true;
    log.error(
      `the hub refused the agent token (${error.hubMessage}): probing stopped. Was the location's token revoked? ` +
        `A new token needs a restart of the agent with it (--token or PROXYPULSE_AGENT_TOKEN); until then this agent retries every ${REFUSED_RETRY_MS / 1000} s and keeps its spool.`,
    );
    catalog.apply([]);
    current.engine?.refresh();
  };

  const assignmentLoop = async () => {
    let etag: string | null = null;
    let failures = 0;
    while (!signal.aborted) {
      try {
        const wait = etag ? ASSIGNMENT_WAIT_S : 0;
        const answer = await client.request(`/api/agent/assignment?wait=${wait}`, { headers: etag ? { "if-none-match": etag } : {}, signal, heldMs: wait * 1000 });
        if (answer.status === 304) {
          failures = 0;
          continue;
        }
        if (answer.status === 200) {
          const parsed = AgentAssignment.safeParse(answer.json);
          if (!parsed.success) throw new Error(`the hub's assignment is not one this agent understands (${parsed.error.issues[0]?.message}): are hub and agent the same version?`);
          if (refused) log.info("the hub accepts the agent token again: probing resumes");
          refused = false;
          failures = 0;
          etag = answer.headers.get("etag");
          apply(parsed.data.routes, parsed.data.settings.concurrency);
          log.info(`assignment: ${parsed.data.routes.length} route(s) to probe at location ${parsed.data.location.name}`);
          continue;
        }
        if (answer.status === 429) {
          await sleep(retryAfterMs(answer.headers.get("retry-after")), signal);
          continue;
        }
        throw new Error(`the hub answered HTTP ${answer.status} to the assignment request${errorMessage(answer.json) ? `: ${errorMessage(answer.json)}` : ""}`);
      } catch (error) {
        if (signal.aborted) break;
        if (error instanceof TokenRefusedError) {
          onRefused(error);
          etag = null;
          await sleep(REFUSED_RETRY_MS, signal);
          continue;
        }
        if (failures++ === 0) log.warn(`cannot get the assignment from the hub (retrying with backoff; probing goes on with the last one): ${reason(error)}`);
        await sleep(backoffMs(failures), signal);
      }
    }
  };

  const uploadLoop = async () => {
    let failures = 0;
    let limit = MAX_RESULTS_PER_BATCH;
    // The hub judges result times by the clock offset a heartbeat shows it: the first batch waits for one (a while at most).
    await sleep(FIRST_HEARTBEAT_WAIT_MS, signal, (wake) => void firstHeartbeat.then(wake));
    while (!signal.aborted) {
      const stale = spool.discard({ olderThan: Date.now() - SENDABLE_AGE_MS });
      if (stale) log.warn(`dropped ${stale} spooled result(s) older than a day: the hub no longer accepts them`);
      const batch = spool.oldest(limit, BATCH_BYTES);
      if (!batch.length) {
        // Until a result is spooled (or a second passed): the wait's timer and abort listener end with it.
        await sleep(1000, signal, (wake) => (wakeUploader = wake));
        wakeUploader = null;
        continue;
      }
      try {
        const results = batch.map((row) => ({ seq: row.seq, routeId: row.routeId, result: JSON.parse(row.json) as unknown }));
        const answer = await client.request("/api/agent/results", { method: "POST", body: { streamId: spool.streamId, results }, signal });
        const lastSeq = batch[batch.length - 1]!.seq;
        const accepted = answer.status === 200 ? AgentResultsAnswer.safeParse(answer.json) : null;
        if (accepted?.success) {
          spool.acknowledge(lastSeq);
          if (accepted.data.outOfTime) log.warn(`the hub left out ${accepted.data.outOfTime} result(s) timed more than a day ago or more than 5 minutes ahead of its clock: is this machine's clock right?`);
          if (failures > 0) log.info(`the hub takes results again (${spool.size} still spooled)`);
          failures = 0;
          limit = MAX_RESULTS_PER_BATCH;
          // A backlog goes at once; fresh results gather for a moment.
          if (spool.size < MAX_RESULTS_PER_BATCH) await sleep(UPLOAD_GAP_MS, signal);
          continue;
        }
        if (answer.status === 429) {
          await sleep(retryAfterMs(answer.headers.get("retry-after")), signal);
          continue;
        }
        if (answer.status === 403 && errorCode(answer.json) === "route_not_assigned") {
          // Probed before the route was taken off this location: the hub will never take them.
          const routeIds = new Set(refusedRouteIds(answer.json));
          const seqs = batch.filter((row) => routeIds.has(row.routeId)).map((row) => row.seq);
          const removed = spool.discard({ seqs: seqs.length ? seqs : batch.map((row) => row.seq) });
          log.warn(`dropped ${removed} spooled result(s) of route(s) no longer assigned to this location: ${errorMessage(answer.json)}`);
          continue;
        }
        if (answer.status === 413 && limit > 1) {
          limit = Math.max(1, Math.floor(limit / 2));
          continue;
        }
        if (answer.status === 400 || answer.status === 413) {
          // The hub will refuse these however often they are sent: keep the rest moving.
          const removed = spool.discard({ seqs: batch.map((row) => row.seq) });
          log.error(`the hub refused a batch of ${removed} result(s) as invalid; they were dropped: ${errorMessage(answer.json) ?? `HTTP ${answer.status}`}`);
          continue;
        }
        throw new Error(`the hub answered HTTP ${answer.status}${errorMessage(answer.json) ? `: ${errorMessage(answer.json)}` : ""}`);
      } catch (error) {
        if (signal.aborted) break;
        if (error instanceof TokenRefusedError) {
          onRefused(error);
          await sleep(REFUSED_RETRY_MS, signal);
          continue;
        }
        if (failures++ === 0) log.warn(`cannot upload results to the hub (they stay in the spool; retrying with backoff): ${reason(error)}`);
        await sleep(backoffMs(failures), signal);
      }
    }
  };

  const heartbeatLoop = async () => {
    let failed = false;
    while (!signal.aborted) {
      const sentAt = Date.now();
      try {
        const answer = await client.request("/api/agent/heartbeat", {
          method: "POST",
          body: { version: options.version, sentAt: new Date(sentAt).toISOString(), spooled: spool.size, dropped: spool.dropped + unspooled.lost },
          signal,
        });
        const parsed = AgentHeartbeatAnswer.safeParse(answer.json);
        if (answer.status === 200 && parsed.success) {
          heardBack();
          const receivedAt = Date.now();
          // The hub's clock at the middle of the round trip, against ours.
          const offset = Date.parse(parsed.data.serverTime) - (sentAt + receivedAt) / 2;
          if (Math.abs(offset) > 60_000) log.warn(`this machine's clock is ${Math.round(offset / 1000)} s off the hub's: results more than 5 minutes ahead are refused; set up NTP`);
          failed = false;
        } else if (answer.status !== 429) throw new Error(`HTTP ${answer.status}${errorMessage(answer.json) ? `: ${errorMessage(answer.json)}` : ""}`);
      } catch (error) {
        if (signal.aborted) break;
        if (error instanceof TokenRefusedError) onRefused(error);
        else if (!failed) log.warn(`heartbeat to the hub failed (retrying): ${reason(error)}`);
        failed = true;
      }
      await sleep(options.heartbeatMs ?? HEARTBEAT_MS, signal);
    }
  };

  const running = Promise.all([assignmentLoop(), uploadLoop(), heartbeatLoop()]);
  await new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener("abort", () => resolve(), { once: true })));
  log.info("stopping: letting probes in flight finish into the spool");
  await current.engine?.scheduler?.stop(10_000);
  await running;
  if (droppedSinceLog) log.warn(`spool full: dropped the ${droppedSinceLog} oldest result(s) (${spool.dropped} dropped in all)`);
  log.info(`stopped; ${spool.size} result(s) wait in the spool for the next start`);
  stop.removeEventListener("abort", onStop);
  await catalog.close();
  spool.close();
  return 0;
}

/** Waits `ms`, less when `signal` aborts or the function handed to `wakeable` is called; leaves no timer or listener behind. */
function sleep(ms: number, signal: AbortSignal, wakeable?: (wake: () => void) => void): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
    wakeable?.(done);
  });
}

/** Exponential with jitter, capped: many agents coming back after a hub restart do not all retry at once. */
function backoffMs(failures: number): number {
  const base = Math.min(MAX_BACKOFF_MS, 500 * 2 ** Math.min(failures, 10));
  return Math.round(base / 2 + Math.random() * (base / 2));
}

function retryAfterMs(header: string | null): number {
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, 60) * 1000 : 1000;
}

function reason(error: unknown): string {
  if (error instanceof Error) return error.cause instanceof Error ? `${error.message} (${error.cause.message})` : error.message;
  return String(error);
}
