import { Counter, Gauge, Registry, type Metric } from "prom-client";
import type { LatencyCounts, MetricsStore } from "../db/store/metrics-store";
import type { Store } from "../db/store/store";
import { LATENCY_BUCKETS_MS } from "./latency-buckets";
import { utcDayStart } from "../monitoring/tally-token-days";

const STATES = ["unknown", "up", "degraded", "down", "paused"] as const;

/**
 * Prometheus text for this database: probe counts by route and kind, latency
 * histograms, route state and quota, read from small tables every process
 * shares (so the numbers are right whichever process runs the scheduler).
 * Every per-route series is per route and location: route_id names the
 * proxy × target pair (as in the dashboard), `location` where it is probed
 * from ("local", the hub, unless renamed).
 */
export async function renderMetrics(store: Store, now: number = Date.now()): Promise<{ contentType: string; body: string }> {
  const metrics = store.metrics;
  const registry = new Registry();
  const routes = await metrics.listRoutes();
  const labelsOf = new Map(routes.map((route) => [route.id, { route_id: String(route.pairId), proxy: route.proxy, target: route.target, location: route.location }]));
  const routeLabels = ["route_id", "proxy", "target", "location"];

  const probes = new Counter({ name: "proxypulse_probes_total", help: "Probes recorded, by route, location and outcome kind.", labelNames: [...routeLabels, "kind"], registers: [registry] });
  for (const row of await metrics.listProbeCounts()) {
    const labels = labelsOf.get(row.routeId);
    if (labels) probes.inc({ ...labels, kind: row.kind }, row.count);
  }

  registry.registerMetric(latencyHistogram(await metrics.listLatencyCounts(), labelsOf));

  const state = new Gauge({ name: "proxypulse_route_state", help: "1 for the route's current state at the location, 0 for the others.", labelNames: [...routeLabels, "state"], registers: [registry] });
  const skipped = new Counter({ name: "proxypulse_probe_slots_skipped_total", help: "Scheduled probe slots not run because the route's previous probe was still queued or running.", labelNames: routeLabels, registers: [registry] });
  const lastProbe = new Gauge({ name: "proxypulse_route_last_probe_timestamp_seconds", help: "When the route was last probed from the location.", labelNames: routeLabels, registers: [registry] });
  for (const route of routes) {
    const labels = labelsOf.get(route.id)!;
    // A row its location no longer probes keeps its counters but has no current state.
    if (route.assigned) for (const name of STATES) state.set({ ...labels, state: name }, route.state === name ? 1 : 0);
    if (route.lastProbeAt !== null) lastProbe.set(labels, route.lastProbeAt / 1000);
    skipped.inc(labels, route.skippedSlots);
  }

  await locationGauges(metrics, registry);

  const quotaLabels = ["target"];
  const remainingRequests = new Gauge({ name: "proxypulse_quota_remaining_requests", help: "Requests left in the current rate-limit window (x-ratelimit-remaining-requests).", labelNames: quotaLabels, registers: [registry] });
  const remainingTokens = new Gauge({ name: "proxypulse_quota_remaining_tokens", help: "Tokens left in the current rate-limit window (x-ratelimit-remaining-tokens).", labelNames: quotaLabels, registers: [registry] });
  const exhausted = new Gauge({ name: "proxypulse_quota_exhausted", help: "1 when the last probe said the account has no quota left (billing).", labelNames: quotaLabels, registers: [registry] });
  for (const quota of await metrics.listQuotas()) {
    if (quota.remainingRequests !== null) remainingRequests.set({ target: quota.target }, quota.remainingRequests);
    if (quota.remainingTokens !== null) remainingTokens.set({ target: quota.target }, quota.remainingTokens);
    exhausted.set({ target: quota.target }, quota.exhausted ? 1 : 0);
  }

  await targetTokenGauges(metrics, registry, now);

  return { contentType: registry.contentType, body: await registry.metrics() };
}

/** Each location's agent: online or not (the hub itself always is), and results waiting in its spool by its last heartbeat. */
async function locationGauges(metrics: MetricsStore, registry: Registry): Promise<void> {
  const online = new Gauge({ name: "proxypulse_location_online", help: "1 while the location's probe agent is heard from (the hub's own location: always 1), 0 once it is silent for 60 s.", labelNames: ["location"], registers: [registry] });
  const spooled = new Gauge({ name: "proxypulse_agent_spooled_results", help: "Results the location's agent held in its spool at its last heartbeat.", labelNames: ["location"], registers: [registry] });
  for (const row of await metrics.listLocations()) {
    online.set({ location: row.name }, row.kind === "local" || row.online ? 1 : 0);
    if (row.kind === "agent") spooled.set({ location: row.name }, row.spooled);
  }
}

/**
 * Tokens spent by probes today (UTC) per target: gauges, not counters, because
 * they start again from 0 at each UTC midnight (the per-day rows are pruned
 * with the raw results, so no lifetime total is kept). Every target appears,
 * with 0 before its first probe of the day.
 */
async function targetTokenGauges(metrics: MetricsStore, registry: Registry, now: number): Promise<void> {
  const tokens = new Gauge({ name: "proxypulse_probe_tokens_today", help: "Tokens spent by the target's probes today (UTC), by type (prompt, completion); resets at 00:00 UTC.", labelNames: ["target", "type"], registers: [registry] });
  const probes = new Gauge({ name: "proxypulse_target_probes_today", help: "Probes of the target recorded today (UTC), free and paid; resets at 00:00 UTC.", labelNames: ["target"], registers: [registry] });
  for (const row of await metrics.listTargetDays(utcDayStart(now))) {
    tokens.set({ target: row.target, type: "prompt" }, row.promptTokens);
    tokens.set({ target: row.target, type: "completion" }, row.completionTokens);
    probes.set({ target: row.target }, row.probes);
  }
}

/**
 * The latency histogram comes precomputed from the database (read with the
 * other figures, so one scrape reads them together); prom-client's
 * Histogram can only observe, so this metric hands its values to the
 * registry directly (the registry still does the formatting and escaping).
 */
function latencyHistogram(counters: LatencyCounts[], labelsOf: Map<number, Record<string, string>>): Metric {
  const name = "proxypulse_probe_duration_seconds";
  const help = "Total duration of successful probes.";
  const metric = {
    name,
    help,
    type: "histogram",
    aggregator: "sum",
    get: async () => {
      const values: Array<{ value: number; labels: Record<string, string | number>; metricName: string }> = [];
      for (const row of counters) {
        const labels = labelsOf.get(row.routeId);
        if (!labels) continue;
        const counts = row.buckets;
        let cumulative = 0;
        LATENCY_BUCKETS_MS.forEach((bound, index) => {
          cumulative += counts[index] ?? 0;
          values.push({ value: cumulative, labels: { ...labels, le: bound / 1000 }, metricName: `${name}_bucket` });
        });
        values.push({ value: row.count, labels: { ...labels, le: "+Inf" }, metricName: `${name}_bucket` });
        values.push({ value: row.sumMs / 1000, labels, metricName: `${name}_sum` });
        values.push({ value: row.count, labels, metricName: `${name}_count` });
      }
      return { name, help, type: "histogram", values, aggregator: "sum" };
    },
  };
  return metric as unknown as Metric;
}
