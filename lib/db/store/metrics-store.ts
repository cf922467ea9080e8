/** A route row as the Prometheus metrics label it. */
export interface MetricsRoute {
  id: number;
  /** The pair's id (its row at the hub): what the dashboard and the API call the route. */
  pairId: number;
  location: string;
  /** Whether its location still probes it (a row no longer assigned keeps its counters). */
  assigned: boolean;
  proxy: string;
  target: string;
  state: string;
  lastProbeAt: number | null;
  skippedSlots: number;
}

/** A route row's latency histogram of successful probes, counts per bucket of LATENCY_BUCKETS_MS (not cumulative). */
export interface LatencyCounts {
  routeId: number;
  count: number;
  sumMs: number;
  buckets: number[];
}

/** The counters and gauges /metrics reads, from small tables every process shares. */
export interface MetricsStore {
  listRoutes(): Promise<MetricsRoute[]>;
  /** Probes recorded per route row and outcome kind. */
  listProbeCounts(): Promise<Array<{ routeId: number; kind: string; count: number }>>;
  listLatencyCounts(): Promise<LatencyCounts[]>;
  /** Locations not revoked: whether their agent is heard from and what it spooled at its last heartbeat. */
  listLocations(): Promise<Array<{ name: string; kind: string; online: boolean; spooled: number }>>;
  /** Each probed target's newest quota facts. */
  listQuotas(): Promise<Array<{ target: string; remainingRequests: number | null; remainingTokens: number | null; exhausted: boolean }>>;
  /** Every target's tokens and probes on one UTC day (`day`: its start, ms), 0 when none. */
  listTargetDays(day: number): Promise<Array<{ target: string; promptTokens: number; completionTokens: number; probes: number }>>;
}
