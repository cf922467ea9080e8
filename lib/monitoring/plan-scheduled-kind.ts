import { freeProbeKind, kindCostsTokens } from "../providers/probe-cost";
import type { ProbeKindName } from "../providers/registry";
import type { RuntimeRoute } from "./route-catalog";

/**
 * Which kind each scheduled round of a route uses. With `paidProbeEvery` N > 1
 * and a kind that costs tokens, round 0 (the first after start or after the
 * route's settings change, so a new key is checked at once) and every Nth
 * after it use the target's own kind; the rounds between use the provider's
 * free kind. Rounds are counted in memory per route: a restart begins with a
 * paid round, which is what an operator restarting after a key change wants.
 * "Probe now" never comes here: it always uses the target's own kind.
 */
export class ScheduledKindPlan {
  private readonly rounds = new Map<number, { fingerprint: string; round: number }>();

  next(route: Pick<RuntimeRoute, "id" | "provider" | "probe" | "paidProbeEvery" | "fingerprint">): ProbeKindName {
    // Most routes have every round paid: nothing to count (this runs for every scheduled probe).
    if (route.paidProbeEvery <= 1) return route.probe;
    let seen = this.rounds.get(route.id);
    if (!seen || seen.fingerprint !== route.fingerprint) {
      seen = { fingerprint: route.fingerprint, round: 0 };
      this.rounds.set(route.id, seen);
    }
    return scheduledKind(route, seen.round++);
  }

  /** Forgets routes that are gone (their counters would otherwise stay for the process's life). */
  retain(routeIds: Iterable<number>): void {
    const keep = new Set(routeIds);
    for (const id of this.rounds.keys()) if (!keep.has(id)) this.rounds.delete(id);
  }
}

/** The kind of round `round` (0-based) of a route: pure, for the plan and its tests. */
export function scheduledKind(route: Pick<RuntimeRoute, "provider" | "probe" | "paidProbeEvery">, round: number): ProbeKindName {
  if (route.paidProbeEvery <= 1 || !kindCostsTokens(route.provider, route.probe) || round % route.paidProbeEvery === 0) return route.probe;
  return freeProbeKind(route.provider) ?? route.probe;
}
