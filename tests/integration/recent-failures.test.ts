import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getRecentFailures, parseFailuresParams } from "@/lib/dashboard/get-recent-failures";
import { listFailureGroups } from "@/lib/monitoring/list-failure-groups";
import { insertStoredResults } from "../helpers/insert-stored-results";
import { readRow } from "../helpers/read-rows";
import { call, startTestService, type TestService } from "../helpers/test-service";

/*
 * The route page's "Recent failures" and GET /api/routes/:id/results on a
 * real database: they follow the selected range, page through older
 * failures, and fold identical consecutive ones into one row.
 */

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2026, 10, 29, 12, 30, 0);

let test: TestService;
let routeId: number;

beforeAll(async () => {
  test = await startTestService(`
targets:
  - name: main
    baseUrl: http://127.0.0.1:9/v1
    apiKey: sk-test
proxies:
  - name: direct
    url: direct
retention:
  rawDays: 7
`);
  routeId = (await test.service.store.routes.list())[0]!.id;
});

afterAll(async () => {
  await test?.stop();
});

beforeEach(async () => {
  await test.service.db.probeResult.deleteMany();
});

async function insert(rows: Array<{ at: number; kind: string; ok?: boolean; httpStatus?: number | null; message?: string }>): Promise<void> {
  await insertStoredResults(
    test.service.store,
    routeId,
    rows.map((row) => ({ at: row.at, ok: row.ok ?? false, kind: row.kind, layer: null, httpStatus: row.httpStatus ?? null, message: row.message ?? row.kind })),
  );
}

/** `count` failures of one kind, one a minute, the newest at `newest`. */
function run(kind: string, count: number, newest: number, extra: { httpStatus?: number; message?: string } = {}) {
  return Array.from({ length: count }, (_, i) => ({ at: newest - i * MIN, kind, ...extra }));
}

const page = (range: "1h" | "24h" | "7d" | "30d", params: { view?: string; before?: string } = {}) =>
  getRecentFailures(test.service.store, routeId, { range, ...parseFailuresParams(params), retentionDays: 7 }, NOW);

const summary = (groups: Array<{ kind: string; count: number }>) => groups.map((group) => `${group.kind}×${group.count}`);

describe("the route page's recent failures", () => {
  it("follow the selected range, even when the last hour alone has more than a page of failures", async () => {
    await insert([
      ...run("timeout", 40, NOW - 5 * MIN),
      ...run("dns_failure", 3, NOW - 3 * HOUR),
      { at: NOW - 3 * DAY, kind: "tls_error" },
      { at: NOW - 20 * DAY, kind: "connection_refused" },
      ...run("ok", 4, NOW - MIN).map((row) => ({ ...row, ok: true })),
    ]);
    expect(summary((await page("1h")).groups)).toEqual(["timeout×40"]);
    expect(summary((await page("24h")).groups)).toEqual(["timeout×40", "dns_failure×3"]);
    expect(summary((await page("7d")).groups)).toEqual(["timeout×40", "dns_failure×3", "tls_error×1"]);
    expect(summary((await page("30d")).groups)).toEqual(["timeout×40", "dns_failure×3", "tls_error×1", "connection_refused×1"]);
  });

  it("a run shows its count, first and last time: 'Timeout × 20, 12:01–12:20'", async () => {
    await insert(run("timeout", 20, Date.UTC(2026, 10, 29, 12, 20)));
    const [group] = (await page("1h")).groups;
    expect(group).toMatchObject({ kind: "timeout", count: 20, firstAt: "2026-11-29T12:01:00.000Z", lastAt: "2026-11-29T12:20:00.000Z" });
    expect(group!.members).toHaveLength(20);
  });

  it("a success between identical failures ends the run: the same failure days apart is two rows, not one long outage", async () => {
    await insert([
      ...run("timeout", 3, NOW - 10 * MIN),
      ...run("ok", 500, NOW - 20 * MIN).map((row) => ({ ...row, ok: true })),
      ...run("timeout", 2, NOW - 2 * DAY),
      // Across a chunk of the scan (500 failures) too: a success between the 600th and 601st failure.
      ...run("dns_failure", 600, NOW - 3 * DAY),
      { at: NOW - 3 * DAY - 600 * MIN + 30_000, kind: "ok", ok: true },
      ...run("dns_failure", 5, NOW - 3 * DAY - 600 * MIN),
    ]);
    expect(summary((await page("7d")).groups)).toEqual(["timeout×3", "timeout×2", "dns_failure×600", "dns_failure×5"]);
  });

  it("pages through older runs with plain links (before=<id>), each run whole, none twice", async () => {
    // 45 runs alternating two kinds, two failures each, newest first.
    await insert(Array.from({ length: 90 }, (_, i) => ({ at: NOW - 60 * MIN - i * MIN, kind: Math.floor(i / 2) % 2 === 0 ? "timeout" : "dns_failure" })));
    const seen: string[] = [];
    let before: string | undefined;
    const sizes: number[] = [];
    for (let guard = 0; guard < 10; guard++) {
      const current = await page("24h", before ? { before } : {});
      sizes.push(current.groups.length);
      for (const group of current.groups) {
        expect(group.count).toBe(2);
        seen.push(`${group.newestId}-${group.oldestId}`);
      }
      if (current.next === null) break;
      before = String(current.next);
    }
    expect(sizes).toEqual([20, 20, 5]);
    expect(new Set(seen).size).toBe(45);
  });

  it("a run longer than a read chunk is still one run", async () => {
    await insert(run("timeout", 1_200, NOW - MIN));
    expect(summary((await page("24h")).groups)).toEqual(["timeout×1200"]);
  });

  it("a run cut by the scan limit goes on on the next page", async () => {
    await insert(run("timeout", 1_200, NOW - MIN));
    const counts: number[] = [];
    let before = null as { at: number; id: number } | null;
    for (let guard = 0; guard < 10; guard++) {
      const current = await listFailureGroups(test.service.store, routeId, { from: NOW - DAY, to: NOW + 1, limit: 20, maxScan: 500, before });
      counts.push(...current.groups.map((group) => group.count));
      if (current.next === null) break;
      before = (await readRow<{ at: number; id: number }>(test.service.store, `SELECT at, id FROM "ProbeResult" WHERE id = ?`, [current.next]))!;
    }
    expect(counts).toEqual([500, 500, 200]);
  });

  it("lists each failure on request, 50 a page, without skipping or repeating rows of the same millisecond", async () => {
    // 120 failures in 40 distinct milliseconds: the cursor must order by (at, id).
    await insert(Array.from({ length: 120 }, (_, i) => ({ at: NOW - 10 * MIN - Math.floor(i / 3) * 1000, kind: "timeout" })));
    const ids: number[] = [];
    let before: string | undefined;
    const sizes: number[] = [];
    for (let guard = 0; guard < 10; guard++) {
      const current = await page("1h", { view: "each", ...(before ? { before } : {}) });
      expect(current.view).toBe("each");
      sizes.push(current.rows.length);
      ids.push(...current.rows.map((row) => row.id));
      if (current.next === null) break;
      before = String(current.next);
    }
    expect(sizes).toEqual([50, 50, 20]);
    expect(new Set(ids).size).toBe(120);
  });

  it("says older results were pruned at the end of a range that reaches past retention, and only then", async () => {
    await insert([{ at: NOW - HOUR, kind: "timeout" }]);
    expect((await page("30d")).prunedAfterDays).toBe(7);
    expect((await page("7d")).prunedAfterDays).toBeNull();
    expect((await page("24h")).prunedAfterDays).toBeNull();
  });

  it("a page parameter that is not a stored result of this route shows the newest page and says so", async () => {
    await insert(run("timeout", 3, NOW - MIN));
    for (const before of ["999999", "abc", "-1", "0", "99999999999999"]) {
      const current = await page("24h", { before });
      expect(summary(current.groups)).toEqual(["timeout×3"]);
      expect(current.paged).toBe(false);
    }
    expect((await page("24h", { before: "999999" })).cursorLost).toBe(true);
  });
});

describe("GET /api/routes/:id/results", () => {
  it("groups failures (?grouped=1) and pages with before=<next>", async () => {
    const { GET } = await import("@/app/api/routes/[id]/results/route");
    const now = Date.now();
    await insert([...run("timeout", 25, now - MIN), ...run("server_error", 5, now - 40 * MIN, { httpStatus: 502 })]);
    const first = await call(GET, { path: `/api/routes/${routeId}/results?grouped=1&limit=1`, params: { id: String(routeId) } });
    expect(first.status).toBe(200);
    expect(first.json.groups).toEqual([expect.objectContaining({ kind: "timeout", count: 25 })]);
    expect(first.json.groups[0].members).toBeUndefined();
    const second = await call(GET, { path: `/api/routes/${routeId}/results?grouped=1&limit=1&before=${first.json.next}`, params: { id: String(routeId) } });
    expect(second.json.groups).toEqual([expect.objectContaining({ kind: "server_error", httpStatus: 502, count: 5 })]);
    expect(second.json.next).toBeNull();

    const rows = await call(GET, { path: `/api/routes/${routeId}/results?failures=true&limit=20`, params: { id: String(routeId) } });
    expect(rows.json.results).toHaveLength(20);
    const rest = await call(GET, { path: `/api/routes/${routeId}/results?failures=true&limit=20&before=${rows.json.next}`, params: { id: String(routeId) } });
    expect(rest.json.results).toHaveLength(10);
    expect(rest.json.next).toBeNull();
    expect(new Set([...rows.json.results, ...rest.json.results].map((row: { id: number }) => row.id)).size).toBe(30);
  });

  it.each([
    ["before=abc", /before must be a result id/],
    ["before=0", /before must be a result id/],
    ["before=999999", /has no result 999999/],
    ["grouped=maybe", /grouped is 1/],
    ["grouped=1&failures=false", /grouped lists failures only/],
  ])("refuses %s with a 400 that says why", async (query, message) => {
    const { GET } = await import("@/app/api/routes/[id]/results/route");
    const response = await call(GET, { path: `/api/routes/${routeId}/results?${query}`, params: { id: String(routeId) } });
    expect(response.status).toBe(400);
    expect(response.json.error.code).toBe("invalid_input");
    expect(response.json.error.message).toMatch(message);
  });

  it("says when the range reaches past retention", async () => {
    const { GET } = await import("@/app/api/routes/[id]/results/route");
    const response = await call(GET, { path: `/api/routes/${routeId}/results?from=${Date.now() - 30 * DAY}`, params: { id: String(routeId) } });
    expect(response.json).toMatchObject({ retentionDays: 7, prunedBefore: expect.any(String) });
    const recent = await call(GET, { path: `/api/routes/${routeId}/results`, params: { id: String(routeId) } });
    expect(recent.json.prunedBefore).toBeNull();
  });
});
