/** A route row's probes and successes on one UTC day (from the hour rollups). */
export interface DayCounts {
  routeId: number;
  /** The day's start (ms, UTC midnight). */
  day: number;
  total: number;
  ok: number;
}

/** A route whose target's or proxy's host an admin marked public, with the addresses the host is taken from. */
export interface PublicHostRow {
  routeId: number;
  baseUrl: string;
  targetPublic: boolean;
  proxyUrl: string;
  proxyPublic: boolean;
}

/** What the public status page reads besides the route listing and incidents. */
export interface StatusStore {
  /** Every route row's probes per UTC day from `from` (a day's start) on. */
  sumDays(from: number): Promise<DayCounts[]>;
  /** Route rows at locations other than the hub → their pair's id (its row at the hub). */
  pairIdsOfLocationRows(): Promise<Map<number, number>>;
  /** Routes whose target or proxy host is marked public. */
  listPublicHosts(): Promise<PublicHostRow[]>;
}
