import { valueWithin } from "../async/settle-within";
import type { StorageHealth } from "../db/storage-health";
import type { DatabaseWriteCheck } from "../db/write-check";
import type { Scheduler } from "../scheduler/scheduler";

/** What the readiness check reads: the service's health parts. */
export interface HealthParts {
  storage: StorageHealth;
  writeCheck: DatabaseWriteCheck;
  /** Null when this process does not run a scheduler (PROXYPULSE_SCHEDULER=off). */
  scheduler: Scheduler | null;
  /** Who else schedules on this database (a process probing none of the routes stands by while another does), and whether this one's leases still hold. */
  lease: { otherHolder(now: number): Promise<string | null>; probesNow(now: number): boolean } | null;
  /** Probe results held in memory while the database cannot be written. */
  heldResults: () => number;
  stopped: () => boolean;
}

export type SchedulerState = "running" | "standby" | "off" | "stopped" | "not running";

export interface Readiness {
  status: "ok" | "fail";
  checks: {
    storage: { ok: boolean; lastWriteAgeMs: number | null; failing: string[]; heldResults: number };
    scheduler: { ok: boolean; state: SchedulerState };
  };
}

/**
 * Ready when the database takes writes and probing runs, or stands by on
 * purpose (the scheduler is off here, or other processes probe every route).
 * Cheap enough for a supervisor to ask every second: the write check is
 * cached, the rest is in memory or one primary-key read. Says causes (SQLite
 * codes), never paths or secrets.
 */
export async function checkReadiness(parts: HealthParts, now = Date.now()): Promise<Readiness> {
  const writable = await parts.writeCheck.run(now);
  const storage = parts.storage.status();
  const failing = [...new Set(storage.failures.map((failure) => failure.cause))];
  const storageOk = writable && storage.ok;
  const state = await schedulerState(parts, now);
  const schedulerOk = state === "running" || state === "standby" || state === "off";
  return {
    status: storageOk && schedulerOk ? "ok" : "fail",
    checks: {
      storage: {
        ok: storageOk,
        lastWriteAgeMs: storage.lastWriteAt === null ? null : Math.max(0, now - storage.lastWriteAt),
        failing,
        heldResults: parts.heldResults(),
      },
      scheduler: { ok: schedulerOk, state },
    },
  };
}

/** How long /readyz waits to learn whether another process probes. */
const OTHER_HOLDER_WAIT_MS = 1000;

async function schedulerState(parts: HealthParts, now: number): Promise<SchedulerState> {
  if (parts.stopped()) return "stopped";
  if (!parts.scheduler) return "off";
  // Shards held, but their leases lapsed (the database does not answer their renewals): nothing is probed.
  if (parts.scheduler.isLeader) return parts.lease && !parts.lease.probesNow(now) ? "not running" : "running";
  // A database that does not answer says nothing about other processes: not waited for past the check's own bound.
  const other = parts.lease ? await valueWithin(parts.lease.otherHolder(now), OTHER_HOLDER_WAIT_MS, null) : null;
  return other ? "standby" : "not running";
}
