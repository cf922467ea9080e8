import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { openSqlite, type Sqlite } from "../db/sqlite";

export const SPOOL_FILE = "agent-spool.db";
export const DEFAULT_SPOOL_MAX = 100_000;

export interface SpooledResult {
  seq: number;
  routeId: number;
  /** The result's JSON as spooled. */
  json: string;
}

/**
 * Every result an agent makes goes here first (a SQLite file in WAL mode, so
 * it survives kill -9), and leaves only once the hub has acknowledged it.
 * Each row's sequence number is its AUTOINCREMENT rowid: never reused, so
 * the hub can skip a batch it stored before. The file's random stream id is
 * made with the file: a new file is a new stream. Bounded: past `maxRows`
 * the oldest rows are dropped and counted (the count survives restarts).
 */
export class AgentSpool {
  readonly streamId: string;
  private rows: number;
  private droppedTotal: number;
  private readonly statements;

  private constructor(
    private readonly db: Sqlite,
    readonly maxRows: number,
    private readonly onDrop: (dropped: number, total: number) => void,
  ) {
    db.exec(`CREATE TABLE IF NOT EXISTS spool (seq INTEGER PRIMARY KEY AUTOINCREMENT, routeId INTEGER NOT NULL, at INTEGER NOT NULL, result TEXT NOT NULL);
             CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);`);
    db.prepare(`INSERT OR IGNORE INTO meta (key, value) VALUES ('streamId', ?)`).run(randomBytes(16).toString("base64url"));
    db.prepare(`INSERT OR IGNORE INTO meta (key, value) VALUES ('dropped', '0')`).run();
    this.statements = {
      insert: db.prepare(`INSERT INTO spool (routeId, at, result) VALUES (?, ?, ?)`),
      oldest: db.prepare(`SELECT seq, routeId, result AS json FROM spool ORDER BY seq LIMIT ?`),
      dropOldest: db.prepare(`DELETE FROM spool WHERE seq IN (SELECT seq FROM spool ORDER BY seq LIMIT ?)`),
      deleteUpTo: db.prepare(`DELETE FROM spool WHERE seq <= ?`),
      deleteOlderThan: db.prepare(`DELETE FROM spool WHERE at < ?`),
      count: db.prepare(`SELECT COUNT(*) FROM spool`).pluck(),
      addDropped: db.prepare(`UPDATE meta SET value = CAST(CAST(value AS INTEGER) + ? AS TEXT) WHERE key = 'dropped'`),
    };
    this.streamId = (db.prepare(`SELECT value FROM meta WHERE key = 'streamId'`).pluck().get() as string);
    this.droppedTotal = Number(db.prepare(`SELECT value FROM meta WHERE key = 'dropped'`).pluck().get());
    this.rows = this.statements.count.get() as number;
  }

  static open(dataDir: string, maxRows: number = DEFAULT_SPOOL_MAX, onDrop: (dropped: number, total: number) => void = () => undefined): AgentSpool {
    return new AgentSpool(openSqlite(join(dataDir, SPOOL_FILE)), maxRows, onDrop);
  }

  /** Results waiting for the hub's acknowledgement. */
  get size(): number {
    return this.rows;
  }

  /** Results dropped (oldest first, past the bound) over the spool file's life. */
  get dropped(): number {
    return this.droppedTotal;
  }

  /** Spools one result; returns its sequence number. Drops the oldest when the spool is full. */
  append(routeId: number, result: { startedAt: string }): number {
    const over = this.rows + 1 - this.maxRows;
    let seq = 0;
    let removed = 0;
    // The counts move only once the transaction is in: a write that fails (a
    // full disk) rolls the drop back too, and the counts must stay the file's.
    this.db.transaction(() => {
      if (over > 0) removed = this.dropOldest(over);
      seq = Number(this.statements.insert.run(routeId, Date.parse(result.startedAt) || Date.now(), JSON.stringify(result)).lastInsertRowid);
    })();
    this.rows += 1 - removed;
    if (removed) {
      this.droppedTotal += removed;
      this.onDrop(removed, this.droppedTotal);
    }
    return seq;
  }

  /** The oldest results, in order, up to `limit` (and about `maxBytes` of JSON, at least one). */
  oldest(limit: number, maxBytes: number = Infinity): SpooledResult[] {
    const rows = this.statements.oldest.all(limit) as SpooledResult[];
    let bytes = 0;
    let take = 0;
    for (const row of rows) {
      bytes += Buffer.byteLength(row.json) + 64;
      if (take > 0 && bytes > maxBytes) break;
      take++;
    }
    return rows.slice(0, take);
  }

  /** Forgets the results up to `seq` (the hub has them). */
  acknowledge(seq: number): void {
    this.rows -= this.statements.deleteUpTo.run(seq).changes;
  }

  /** Drops results the hub will never take (too old, of a route no longer assigned); counted as dropped. */
  discard(where: { olderThan?: number; seqs?: number[] }): number {
    let removed = 0;
    this.db.transaction(() => {
      if (where.olderThan !== undefined) removed += this.statements.deleteOlderThan.run(where.olderThan).changes;
      if (where.seqs?.length) {
        for (let start = 0; start < where.seqs.length; start += 500) {
          const slice = where.seqs.slice(start, start + 500);
          removed += this.db.prepare(`DELETE FROM spool WHERE seq IN (${slice.map(() => "?").join(", ")})`).run(...slice).changes;
        }
      }
      if (removed) this.statements.addDropped.run(removed);
    })();
    this.rows -= removed;
    this.droppedTotal += removed;
    return removed;
  }

  close(): void {
    this.db.close();
  }

  /** Deletes the oldest rows and counts them in the file (inside the caller's transaction); returns how many. */
  private dropOldest(count: number): number {
    const removed = this.statements.dropOldest.run(count).changes;
    this.statements.addDropped.run(removed);
    return removed;
  }
}
