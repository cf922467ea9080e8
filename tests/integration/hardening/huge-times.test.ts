// Times past what a Date holds are refused with a 400 by every time
// parameter, never passed on to date arithmetic that throws (a 500).
import { describe, expect, it } from "vitest";
import * as results from "@/app/api/routes/[id]/results/route";
import * as series from "@/app/api/routes/[id]/series/route";
import * as exportCsv from "@/app/api/routes/[id]/export.csv/route";
import { call } from "../../helpers/test-service";
import { useHardeningService } from "./hardening-service";

const test = useHardeningService();

const QUERIES = [
  "from=9000000000000000&to=9000000000000001",
  "to=9000000000000000",
  "from=8640000000000001&to=8640000000000002",
  "grouped=1&to=9000000000000000",
  "from=275760-09-14&to=275760-09-13",
];

describe("times beyond Date's range", () => {
  it.each(QUERIES)("results ?%s is a 400, not a 500", async (q) => {
    const r = await call(results.GET as never, { path: `/api/routes/1/results?${q}`, params: { id: "1" } });
    expect(r.status, r.text).toBe(400);
  });
  it.each(QUERIES)("series ?%s is a 400, not a 500", async (q) => {
    const r = await call(series.GET as never, { path: `/api/routes/1/series?${q}`, params: { id: "1" } });
    expect(r.status, r.text).toBe(400);
  });
  it.each(QUERIES)("export.csv ?%s is a 400, not a 500", async (q) => {
    const r = await call(exportCsv.GET as never, { path: `/api/routes/1/export.csv?${q}`, params: { id: "1" } });
    expect(r.status, r.text.slice(0, 300)).toBe(400);
  });
});
