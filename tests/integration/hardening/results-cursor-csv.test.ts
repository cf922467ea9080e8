// Recent failures' cursors and the CSV cells: bad cursors are 400s, and no
// cell can start a spreadsheet formula.
import { beforeAll, describe, expect, it } from "vitest";
import * as results from "@/app/api/routes/[id]/results/route";
import * as exportCsv from "@/app/api/routes/[id]/export.csv/route";
import { makeResult } from "../../helpers/make-result";
import { call } from "../../helpers/test-service";
import { useHardeningService } from "./hardening-service";

const hardening = useHardeningService([
  { name: "a", url: "http://127.0.0.1:9401" },
  { name: "b", url: "http://127.0.0.1:9402" },
]);
beforeAll(async () => {
  const [r1, r2] = hardening.service.catalog.list();
  const now = Date.now();
  for (const [i, message] of ["=1+1", "+SUM(A1)", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "=HYPERLINK(\"http://x\",\"y\")", "a,b\"c\nd"].entries()) {
    const result = makeResult("timeout", now - 60_000 + i * 1000, null);
    result.message = message;
    result.requestId = message;
    await hardening.service.writer.write({ routeId: r1!.id, targetId: r1!.targetId, result });
  }
  await hardening.service.writer.write({ routeId: r2!.id, targetId: r2!.targetId, result: makeResult("timeout", now - 1000, null) });
});

describe("results cursor", () => {
  it.each(["abc", "0", "-1", "1e3", "99999999999999999999", "2147483648", "1.5", "", " 1"])("before=%s → 400", async (before) => {
    const r = await call(results.GET as never, { path: `/api/routes/1/results?grouped=1&before=${encodeURIComponent(before)}`, params: { id: "1" } });
    expect(r.status, r.text).toBe(400);
  });
  it("before = another route's result id → 400", async () => {
    const other = hardening.service.sqlite!.prepare(`SELECT id FROM "ProbeResult" WHERE routeId = 2`).get() as { id: number };
    const r = await call(results.GET as never, { path: `/api/routes/1/results?grouped=1&before=${other.id}`, params: { id: "1" } });
    expect(r.status, r.text).toBe(400);
  });
});

describe("CSV cells", () => {
  it("no cell of the export starts with a formula character", async () => {
    const r = await call(exportCsv.GET as never, { path: "/api/routes/1/export.csv?range=24h", params: { id: "1" } });
    expect(r.status).toBe(200);
    // Split naively on commas outside quotes.
    for (const line of r.text.split("\r\n").slice(1).filter(Boolean)) {
      const cells = line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, "").replace(/^"|"$/g, ""));
      for (const cell of cells) expect(cell, line).not.toMatch(/^[=+\-@\t\r]/);
    }
  });
});
