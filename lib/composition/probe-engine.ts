import type { ProbeResult } from "../probe/run-probe";
import type { Clock } from "../scheduler/clock";
import type { Lease } from "../scheduler/lease";
import { Scheduler, type ProbeOutcome, type SkipReason } from "../scheduler/scheduler";
import { ScheduledKindPlan } from "../monitoring/plan-scheduled-kind";
import { probeRoute } from "../monitoring/probe-route";
import type { RuntimeRoute } from "../monitoring/runtime-route";

/** Where the routes to probe come from: the hub's database catalog, or an agent's assignment. */
export interface RouteSource {
  list(): RuntimeRoute[];
  get(id: number): RuntimeRoute | undefined;
}

/** Where results go: the hub's ResultWriter, or an agent's spool. Resolves once the result is kept. */
export interface ResultSink {
  write(item: { routeId: number; targetId: number; result: ProbeResult }): Promise<unknown>;
}

export interface ProbeEngineOptions {
  source: RouteSource;
  sink: ResultSink;
  /** With a lease the engine schedules rounds; without one it only probes when asked. */
  scheduling: {
    lease: Lease;
    leaseTtlMs: number;
    concurrency: number;
    clock?: Clock;
    onStart?: (routeId: number, driftMs: number) => void;
    onSkip?: (routeId: number, slots: number, reason: SkipReason) => void;
    onError?: (error: unknown, routeId: number | null) => void;
    onLeadershipChange?: (leader: boolean) => void;
    /** When routes were last probed by any process (several hubs on one database share the routes). */
    lastProbeTimes?: (routeIds: number[]) => Promise<Map<number, number>>;
  } | null;
}

export interface ProbeEngine {
  scheduler: Scheduler | null;
  /** Probes a route and writes its result; null when the source no longer has it. */
  /** A probe asked for ("probe now"): the target's own kind, resolved once its result is stored. */
  probeAndStore(routeId: number): Promise<ProbeResult | null>;
  /** After the source changed: forget gone routes' round counts and reschedule. */
  refresh(): void;
}

/**
 * The one wiring of probing, shared by the hub (startMonitorService) and
 * the probe agent: routes from a source, the Scheduler, the scheduled-kind
 * plan, probeRoute, and a sink for the results. Lives outside the feature
 * folders so that each start-up path composes the same engine.
 */
export function createProbeEngine(options: ProbeEngineOptions): ProbeEngine {
  const { source, sink } = options;
  const kindPlan = new ScheduledKindPlan();
  // Probes with the kind given and hands back the writing of its result (undefined when the source no longer has the route).
  const probeThenWrite = async (routeId: number, kindOf: (route: RuntimeRoute) => RuntimeRoute["probe"]): Promise<(ProbeOutcome & { result: ProbeResult }) | undefined> => {
    const route = source.get(routeId);
    if (!route) return undefined;
    const result = await probeRoute(route, kindOf(route));
    return { result, stored: sink.write({ routeId, targetId: route.targetId, result }) };
  };
  // A probe asked for always uses the target's own kind, and answers once its result is stored.
  const probeAndStore = async (routeId: number): Promise<ProbeResult | null> => {
    const probed = await probeThenWrite(routeId, (route) => route.probe);
    if (!probed) return null;
    await probed.stored;
    return probed.result;
  };
  // Scheduled rounds may use the free kind (paidProbeEvery); the scheduler waits for the write outside the probe's concurrency slot.
  const probeScheduled = (routeId: number) => probeThenWrite(routeId, (route) => kindPlan.next(route));
  const scheduling = options.scheduling;
  const scheduler = scheduling
    ? new Scheduler({
        listRoutes: () => source.list(),
        probe: probeScheduled,
        lease: scheduling.lease,
        leaseTtlMs: scheduling.leaseTtlMs,
        concurrency: scheduling.concurrency,
        ...(scheduling.clock ? { clock: scheduling.clock } : {}),
        ...(scheduling.onStart ? { onStart: scheduling.onStart } : {}),
        ...(scheduling.onSkip ? { onSkip: scheduling.onSkip } : {}),
        ...(scheduling.onError ? { onError: scheduling.onError } : {}),
        ...(scheduling.onLeadershipChange ? { onLeadershipChange: scheduling.onLeadershipChange } : {}),
        ...(scheduling.lastProbeTimes ? { lastProbeTimes: scheduling.lastProbeTimes } : {}),
      })
    : null;
  return {
    scheduler,
    probeAndStore,
    refresh: () => {
      kindPlan.retain(source.list().map((route) => route.id));
      scheduler?.refresh();
    },
  };
}
