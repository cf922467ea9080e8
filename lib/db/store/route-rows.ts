import { pauseCauses } from "../../monitoring/apply-pauses";
import { emptyWindows, type RouteWindows } from "../../monitoring/route-windows";
import { DEFAULT_LATENCY_WINDOW, type RouteState } from "../../monitoring/route-state";
import type { PairLocationFigures, RouteListing } from "./route-store";

// What both engines' route stores make of the rows they read: the SQL
// differs (store/<engine>/), the mapping to a listing does not.

/** A route listing's row as SQLite gives it (booleans as 0/1, the window figures as JSON text); PostgreSQL's rows are converted to it. */
export interface RouteListingRow {
  id: number;
  proxyId: number;
  proxyName: string;
  targetId: number;
  targetName: string;
  provider: string;
  probe: string;
  enabled: number;
  proxyEnabled: number;
  proxyPausedInFile: number;
  targetEnabled: number;
  targetPausedInFile: number;
  targetManualOnly: number;
  intervalSeconds: number | null;
  slowAboveMs: number | null;
  slowWindow: number | null;
  targetSlowAboveMs: number | null;
  targetSlowWindow: number | null;
  targetIntervalSeconds: number | null;
  state: RouteState;
  stateChangedAt: number | null;
  lastProbeAt: number | null;
  lastOk: number | null;
  lastKind: string | null;
  lastTotalMs: number | null;
  lastFailAt: number | null;
  lastFailKind: string | null;
  skippedSlots: number;
  windows: string | null;
  computedAt: number | null;
  /** The row read (the pair's hub row in a pair listing) and its location. */
  rowId: number;
  locationId: number;
}

/** A listing row as the listing callers see (its locations are filled in afterwards). */
export function toRouteListing(row: RouteListingRow): RouteListing {
  return {
    id: row.id,
    proxyId: row.proxyId,
    proxyName: row.proxyName,
    targetId: row.targetId,
    targetName: row.targetName,
    provider: row.provider,
    probe: row.probe,
    enabled: row.enabled === 1,
    pausedBy: pauseCauses({
      routeEnabled: row.enabled === 1,
      proxyEnabled: row.proxyEnabled === 1,
      proxyPausedInFile: row.proxyPausedInFile === 1,
      targetEnabled: row.targetEnabled === 1,
      targetPausedInFile: row.targetPausedInFile === 1,
    }),
    manualOnly: row.targetManualOnly === 1,
    overrides: { intervalSeconds: row.intervalSeconds, latencyThresholdMs: row.slowAboveMs, latencyWindow: row.slowWindow },
    targetSettings: { intervalSeconds: row.targetIntervalSeconds, latencyThresholdMs: row.targetSlowAboveMs, latencyWindow: row.targetSlowWindow },
    latency: { thresholdMs: row.slowAboveMs ?? row.targetSlowAboveMs, window: row.slowWindow ?? row.targetSlowWindow ?? DEFAULT_LATENCY_WINDOW },
    state: row.state,
    ...lastProbes({ ...row, lastOk: row.lastOk === null ? null : row.lastOk === 1 }),
    windows: parseWindows(row.windows),
    skippedSlots: row.skippedSlots,
    windowsAt: row.computedAt === null ? null : new Date(row.computedAt).toISOString(),
    locations: [],
  };
}

/** A row's state since, last probe and last failure, as listings show them (times as ISO text). */
function lastProbes(row: Pick<PairLocationRow, "stateChangedAt" | "lastProbeAt" | "lastOk" | "lastKind" | "lastTotalMs" | "lastFailAt" | "lastFailKind">): Pick<RouteListing, "stateSince" | "last" | "lastFailure"> {
  return {
    stateSince: row.stateChangedAt === null ? null : new Date(row.stateChangedAt).toISOString(),
    last: row.lastProbeAt === null || row.lastKind === null ? null : { ok: row.lastOk === true, kind: row.lastKind, totalMs: row.lastTotalMs, at: new Date(row.lastProbeAt).toISOString() },
    lastFailure: row.lastFailAt === null || row.lastFailKind === null ? null : { kind: row.lastFailKind, at: new Date(row.lastFailAt).toISOString() },
  };
}

/** A summary's window figures as stored (JSON text; none yet: empty windows). */
export function parseWindows(text: string | null): RouteWindows {
  return text ? (JSON.parse(text) as RouteWindows) : emptyWindows();
}

/** A pair's row at one location with where it is: the listing row's own columns, booleans as booleans (each engine converts its own). */
export type PairLocationRow = Pick<
  RouteListingRow,
  "proxyId" | "targetId" | "locationId" | "state" | "stateChangedAt" | "lastProbeAt" | "lastKind" | "lastTotalMs" | "lastFailAt" | "lastFailKind" | "skippedSlots" | "windows" | "computedAt"
> & { id: number; name: string; region: string | null; online: boolean; lastOk: boolean | null };

export function toPairLocationFigures(row: PairLocationRow): PairLocationFigures {
  return {
    location: {
      id: row.id,
      name: row.name,
      region: row.region,
      online: row.online,
      state: row.state,
      ...lastProbes(row),
    },
    windows: parseWindows(row.windows),
    computedAt: row.computedAt,
    skippedSlots: row.skippedSlots,
  };
}

/** The key a pair's rows are grouped under. */
export function pairKey(proxyId: number, targetId: number): string {
  return `${proxyId}:${targetId}`;
}

/** Groups rows by their pair. */
export function groupByPair<T extends { proxyId: number; targetId: number }>(rows: Iterable<T>, keep: (row: T) => boolean = () => true): Map<string, T[]> {
  const byPair = new Map<string, T[]>();
  for (const row of rows) {
    if (!keep(row)) continue;
    const key = pairKey(row.proxyId, row.targetId);
    const list = byPair.get(key);
    if (list) list.push(row);
    else byPair.set(key, [row]);
  }
  return byPair;
}

/** More words than anyone types; keeps a pasted paragraph from becoming a hundred LIKEs. */
export const MAX_SEARCH_WORDS = 8;

/** The words of a search, at most MAX_SEARCH_WORDS. */
export function searchWords(q: string | undefined): string[] {
  return (q ?? "").split(/\s+/).filter(Boolean).slice(0, MAX_SEARCH_WORDS);
}

/** `%`, `_` and the escape character itself match literally in a search word. */
export function likeWord(word: string): string {
  return `%${word.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/** down, degraded, no data, up, paused: what needs a look comes first, what was switched off on purpose last. */
export const worstFirst = (state: string) => `CASE ${state} WHEN 'down' THEN 0 WHEN 'degraded' THEN 1 WHEN 'unknown' THEN 2 WHEN 'up' THEN 3 ELSE 4 END`;
