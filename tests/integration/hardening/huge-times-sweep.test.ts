// Every GET route (walked like api-bad-input) with times just past Date's range: 4xx, never 500.
import { readdirSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { call } from "../../helpers/test-service";
import { useHardeningService } from "./hardening-service";

const APP_DIR = join(__dirname, "../../../app");
const files = (dir: string): string[] => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : n === "route.ts" ? [join(dir, n)] : []));
const test = useHardeningService();

const QUERIES = ["from=9000000000000000&to=9000000000000001", "to=9000000000000000", "from=8640000000000001"];
describe.each(files(APP_DIR).sort().map((f) => [relative(APP_DIR, f)]))("%s", (rel) => {
  it("GET with out-of-range times is never a 500", async () => {
    const mod = (await import(join(APP_DIR, rel))) as Record<string, unknown>;
    if (typeof mod.GET !== "function") return;
    const segs = rel.split(sep).filter((p) => /^\[.+\]$/.test(p)).map((p) => p.slice(1, -1));
    const params = Object.fromEntries(segs.map((s) => [s, "1"]));
    const path = "/" + rel.split(sep).slice(0, -1).filter((p) => !/^\(.*\)$/.test(p)).join("/");
    const bad: string[] = [];
    for (const q of QUERIES) {
      const r = await call(mod.GET as never, { path: `${path}?${q}`, params });
      if (r.status >= 500) bad.push(`${path}?${q} → ${r.status}`);
    }
    expect(bad).toEqual([]);
  });
});
