import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { AgentSpool, SPOOL_FILE } from "@/lib/agent/agent-spool";

// The spool is the agent's only copy of its results, and its counts are what
// the agent's heartbeat tells the hub (spooled, dropped) and what bounds it.
// A write that fails (a full disk: SQLITE_FULL / disk I/O error) rolls its
// transaction back; the counts must stay those of the file, or the spool
// reports results it does not hold (or drops none it did) and grows past
// its bound once the disk has room again.

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const result = (n: number) => ({ startedAt: new Date().toISOString(), n });

/** A second connection to the spool's file whose trigger refuses every new row, as a full disk would. */
function failWrites(path: string, fail: boolean): void {
  const db = new Database(path);
  try {
    db.exec(fail ? `CREATE TRIGGER disk_full BEFORE INSERT ON spool BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;` : `DROP TRIGGER disk_full`);
  } finally {
    db.close();
  }
}

describe("a spool whose writes fail", () => {
  it.each([
    ["with room left", 10, 3],
    ["full (the write would first drop the oldest)", 3, 3],
  ])("%s: the failed write throws and leaves size, dropped and the bound as the file has them", (_case, maxRows, before) => {
    dir = mkdtempSync(join(tmpdir(), "proxypulse-spool-fails-"));
    const drops: number[] = [];
    const spool = AgentSpool.open(dir, maxRows, (dropped) => drops.push(dropped));
    for (let n = 0; n < before; n++) spool.append(1, result(n));
    failWrites(join(dir, SPOOL_FILE), true);
    for (let n = 0; n < 5; n++) expect(() => spool.append(1, result(100 + n))).toThrow(/full/);
    expect(spool.size).toBe(before);
    expect(spool.dropped).toBe(0);
    expect(drops).toEqual([]);
    expect(spool.oldest(100).map((row) => JSON.parse(row.json).n)).toEqual(Array.from({ length: before }, (_, n) => n));
    // Room again: the bound holds.
    failWrites(join(dir, SPOOL_FILE), false);
    for (let n = 0; n < maxRows + 2; n++) spool.append(1, result(200 + n));
    expect(spool.size).toBe(maxRows);
    expect(spool.oldest(1000)).toHaveLength(maxRows);
    spool.close();
  });
});
