import type { FoldedPresence, PresenceStore, SilentLocation } from "../presence-store";
import { pgTime } from "./pg-pool";
import type { PgQueryable } from "./pg-queryable";

/** On the pool, or on an alert pass's client (its flips announced in that transaction). */
export class PostgresPresenceStore implements PresenceStore {
  constructor(private readonly db: PgQueryable) {}

  async markSeen(locationId: number, now: number): Promise<boolean> {
    await this.db.query(`UPDATE "Location" SET "lastSeenAt" = $1, "updatedAt" = $1 WHERE id = $2`, [pgTime(now), locationId]);
    // Conditional: of two processes flipping it at once, the second waits for the first's row and then finds it online.
    return ((await this.db.query(`UPDATE "Location" SET online = true WHERE id = $1 AND NOT online`, [locationId])).rowCount ?? 0) > 0;
  }

  async saveHeartbeat({ locationId, version, spooled, clockOffsetMs }: { locationId: number; version: string; spooled: number; clockOffsetMs: number }): Promise<void> {
    await this.db.query(`UPDATE "Location" SET "agentVersion" = $1, spooled = $2, "clockOffsetMs" = $3 WHERE id = $4`, [version, spooled, clockOffsetMs, locationId]);
  }

  async silentLocations(seenBefore: number): Promise<SilentLocation[]> {
    const { rows } = await this.db.query<SilentLocation>(
      `SELECT id, name, region, "lastSeenAt" FROM "Location" WHERE kind = 'agent' AND online AND ("lastSeenAt" IS NULL OR "lastSeenAt" < $1) ORDER BY id`,
      [pgTime(seenBefore)],
    );
    return rows;
  }

  async markOffline(locationId: number): Promise<boolean> {
    return ((await this.db.query(`UPDATE "Location" SET online = false WHERE id = $1 AND online`, [locationId])).rowCount ?? 0) > 0;
  }

  async foldedPresence(sentBy: number): Promise<FoldedPresence[]> {
    const { rows } = await this.db.query<FoldedPresence>(
      `SELECT l.id, l.name, l.region, l.online, l."lastSeenAt", a.level, a."lastSentAt", a.suppressed FROM "AlertState" a JOIN "Location" l ON a.key = 'agent:' || l.id
        WHERE a.key LIKE 'agent:%' AND a.suppressed > 0 AND a."lastSentAt" <= $1 AND l.kind = 'agent' AND l."revokedAt" IS NULL ORDER BY l.id`,
      [pgTime(sentBy)],
    );
    return rows;
  }
}
