// File-defined proxies/targets: only pause/resume through the API, nothing else, no partial write.
import { describe, expect, it } from "vitest";
import * as proxyApi from "@/app/api/proxies/[id]/route";
import * as targetApi from "@/app/api/targets/[id]/route";
import * as exportCsv from "@/app/api/routes/[id]/export.csv/route";
import * as results from "@/app/api/routes/[id]/results/route";
import * as statusPageSettings from "@/app/api/settings/status-page/route";
import { call } from "../../helpers/test-service";
import { useHardeningService } from "./hardening-service";

const hardening = useHardeningService([{ name: "p", url: "http://user:pw-secret-123@127.0.0.1:9401" }]);

const row = (table: string) => hardening.service.sqlite!.prepare(`SELECT * FROM "${table}" WHERE id = 1`).get();

describe("file items", () => {
  it.each([
    [{ enabled: false, name: "renamed" }],
    [{ enabled: false, url: "http://127.0.0.1:9999" }],
    [{ enabled: false, publicHost: true }],
    [{ enabled: "false" }],
  ])("proxy PATCH %j changes nothing unless it is only enabled", async (body) => {
    const before = row("Proxy");
    const r = await call(proxyApi.PATCH as never, { method: "PATCH", params: { id: "1" }, body });
    expect(r.status, r.text).toBeGreaterThanOrEqual(400);
    expect(r.status, r.text).toBeLessThan(500);
    expect(row("Proxy")).toEqual(before);
  });
  it.each([
    [{ enabled: false, baseUrl: "https://evil.example/v1" }],
    [{ enabled: false, apiKey: null }],
    [{ enabled: false, intervalSeconds: 5 }],
    [{ enabled: false, latencyThresholdMs: 1 }],
  ])("target PATCH %j changes nothing unless it is only enabled", async (body) => {
    const before = row("Target");
    const r = await call(targetApi.PATCH as never, { method: "PATCH", params: { id: "1" }, body });
    expect(r.status, r.text).toBeGreaterThanOrEqual(400);
    expect(r.status, r.text).toBeLessThan(500);
    expect(row("Target")).toEqual(before);
  });
  it("export.csv and results need the admin", async () => {
    for (const h of [exportCsv.GET, results.GET, statusPageSettings.GET]) {
      const r = await call(h as never, { path: "/api/routes/1/export.csv", params: { id: "1" }, token: null });
      expect(r.status).toBe(401);
      const w = await call(h as never, { path: "/api/routes/1/export.csv", params: { id: "1" }, token: "wrong-token-wrong-token-wrong-token-x" });
      expect(w.status).toBe(401);
    }
  });
  it("GET proxy/target never returns the password or key", async () => {
    const p = await call(proxyApi.GET as never, { params: { id: "1" } });
    const t = await call(targetApi.GET as never, { params: { id: "1" } });
    expect(p.text + t.text).not.toContain("pw-secret-123");
    expect(p.text + t.text).not.toContain("sk-attack-test-key");
  });
});
