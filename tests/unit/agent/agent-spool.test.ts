import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { AgentSpool } from "@/lib/agent/agent-spool";

const dirs: string[] = [];
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "proxypulse-spool-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const result = (n: number, at = Date.now()) => ({ startedAt: new Date(at).toISOString(), n });
/** A result of about 1 kB of JSON. */
const padded = (n: number, at: number) => ({ ...result(n, at), pad: "x".repeat(1000) });

describe("the agent's spool", () => {
  it("gives sequence numbers in the order results arrive and hands out the oldest first", () => {
    const spool = AgentSpool.open(dataDir(), 1000);
    const seqs = [5, 3, 9, 1].map((routeId, n) => spool.append(routeId, result(n)));
    expect(seqs).toEqual([1, 2, 3, 4]);
    const oldest = spool.oldest(3);
    expect(oldest.map((row) => [row.seq, row.routeId, JSON.parse(row.json).n])).toEqual([[1, 5, 0], [2, 3, 1], [3, 9, 2]]);
    spool.acknowledge(2);
    expect(spool.oldest(10).map((row) => row.seq)).toEqual([3, 4]);
    expect(spool.size).toBe(2);
    spool.close();
  });

  it("never reuses a sequence number, even after every row is acknowledged and the file reopened", () => {
    const dir = dataDir();
    const first = AgentSpool.open(dir, 1000);
    for (let n = 0; n < 3; n++) first.append(1, result(n));
    first.acknowledge(3);
    const stream = first.streamId;
    first.close();
    const again = AgentSpool.open(dir, 1000);
    expect(again.streamId).toBe(stream);
    expect(again.append(1, result(4))).toBe(4);
    again.close();
    // A new file is a new stream.
    const other = AgentSpool.open(dataDir(), 1000);
    expect(other.streamId).not.toBe(stream);
    expect(other.streamId).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    other.close();
  });

  it.each([
    [100, 99, 0],
    [100, 100, 0],
    [100, 101, 1],
    [100, 250, 150],
  ])("bounded at %i rows: after %i results it holds the newest and counts %i dropped", (max, appended, dropped) => {
    const dir = dataDir();
    const drops: number[] = [];
    const spool = AgentSpool.open(dir, max, (count) => drops.push(count));
    for (let n = 1; n <= appended; n++) spool.append(1, result(n));
    expect(spool.size).toBe(Math.min(max, appended));
    expect(spool.dropped).toBe(dropped);
    expect(drops.reduce((sum, count) => sum + count, 0)).toBe(dropped);
    const rows = spool.oldest(1000);
    expect(rows[0]!.seq).toBe(dropped + 1);
    expect(rows.at(-1)!.seq).toBe(appended);
    spool.close();
    // The count of drops survives a restart (the heartbeat reports it).
    const reopened = AgentSpool.open(dir, max);
    expect(reopened.dropped).toBe(dropped);
    expect(reopened.size).toBe(Math.min(max, appended));
    reopened.close();
  });

  it("keeps a batch under its byte bound (always at least one result) and drops results too old to send, counted", () => {
    const spool = AgentSpool.open(dataDir(), 1000);
    const now = Date.now();
    spool.append(1, padded(0, now - 2 * 86_400_000));
    for (let n = 1; n < 10; n++) spool.append(1, padded(n, now));
    expect(spool.oldest(500, 10).length).toBe(1);
    expect(spool.oldest(500, 3500).length).toBe(3);
    expect(spool.discard({ olderThan: now - 86_400_000 })).toBe(1);
    expect(spool.dropped).toBe(1);
    expect(spool.discard({ seqs: [2, 3] })).toBe(2);
    expect(spool.oldest(500).map((row) => row.seq)).toEqual([4, 5, 6, 7, 8, 9, 10]);
    expect(spool.size).toBe(7);
    spool.close();
  });
});
