import { prepared } from "../../prepared";
import type { Sqlite } from "../../sqlite";
import type { FoldedPresence, PresenceStore, SilentLocation } from "../presence-store";

export class SqlitePresenceStore implements PresenceStore {
  constructor(private readonly sqlite: Sqlite) {}

  async markSeen(locationId: number, now: number): Promise<boolean> {
    prepared(this.sqlite, `UPDATE "Location" SET lastSeenAt = ?, updatedAt = ? WHERE id = ?`).run(now, now, locationId);
    return prepared(this.sqlite, `UPDATE "Location" SET online = 1 WHERE id = ? AND online = 0`).run(locationId).changes > 0;
  }

  async saveHeartbeat({ locationId, version, spooled, clockOffsetMs }: { locationId: number; version: string; spooled: number; clockOffsetMs: number }): Promise<void> {
    prepared(this.sqlite, `UPDATE "Location" SET agentVersion = ?, spooled = ?, clockOffsetMs = ? WHERE id = ?`).run(version, spooled, clockOffsetMs, locationId);
  }

  async silentLocations(seenBefore: number): Promise<SilentLocation[]> {
    return prepared(this.sqlite, `SELECT id, name, region, lastSeenAt FROM "Location" WHERE kind = 'agent' AND online = 1 AND (lastSeenAt IS NULL OR lastSeenAt < ?)`).all(seenBefore) as SilentLocation[];
  }

  async markOffline(locationId: number): Promise<boolean> {
    return prepared(this.sqlite, `UPDATE "Location" SET online = 0 WHERE id = ? AND online = 1`).run(locationId).changes > 0;
  }

  async foldedPresence(sentBy: number): Promise<FoldedPresence[]> {
    const rows = prepared(
      this.sqlite,
      `SELECT l.id, l.name, l.region, l.online, l.lastSeenAt, a.level, a.lastSentAt, a.suppressed FROM "AlertState" a JOIN "Location" l ON a.key = 'agent:' || l.id
        WHERE a.key LIKE 'agent:%' AND a.suppressed > 0 AND a.lastSentAt <= ? AND l.kind = 'agent' AND l.revokedAt IS NULL`,
    ).all(sentBy) as Array<Omit<FoldedPresence, "online"> & { online: number }>;
    return rows.map((row) => ({ ...row, online: row.online === 1 }));
  }
}
