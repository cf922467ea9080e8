/** A target's newest quota facts, as the overview's quota panel reads them (times in ms). */
export interface QuotaSnapshotRow {
  targetId: number;
  targetName: string;
  /** When the facts were reported; null when the target was never probed (then every figure is null). */
  at: number | null;
  limitRequests: number | null;
  remainingRequests: number | null;
  /** How long after `at` each budget resets. */
  resetRequestsMs: number | null;
  limitTokens: number | null;
  remainingTokens: number | null;
  resetTokensMs: number | null;
  exhausted: boolean;
  /** The location whose probe reported them, when not the hub. */
  location: string | null;
}

/** One hour rollup's counts, for an uptime bar. */
export interface HourCounts {
  routeId: number;
  bucket: number;
  total: number;
  okCount: number;
  kindCounts: Record<string, number>;
}

/** What the overview reads besides the route listing. */
export interface DashboardStore {
  /** Every target's newest quota facts, by target name (a target never probed has nulls). */
  listQuotas(): Promise<QuotaSnapshotRow[]>;
  /** These route rows' hour rollups from `from` on. */
  listHourCounts(query: { routeIds: number[]; from: number }): Promise<HourCounts[]>;
  /** Locations with a route assigned, the hub first, then by name. */
  listProbingLocations(): Promise<Array<{ id: number; name: string }>>;
}
