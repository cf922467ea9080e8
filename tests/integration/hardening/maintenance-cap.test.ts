// Every maintenance window is checked against every route at each alert and
// each rendering of the public status page: their number is bounded.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as maintenanceApi from "@/app/api/maintenance/route";
import { MAX_MAINTENANCE_WINDOWS } from "@/lib/maintenance/maintenance-windows";
import { ProxyPulseConfig } from "@/lib/config/config-schema";
import { call, startTestService, type TestService } from "../../helpers/test-service";

let test: TestService;
beforeAll(async () => {
  test = await startTestService(`
targets:
  - name: api
    baseUrl: https://api.example.test/v1
    apiKey: sk-review-test-key-0000
proxies:
  - name: p
    url: http://127.0.0.1:9401
`);
});
afterAll(async () => {
  await test?.stop();
});

describe("maintenance windows are bounded", () => {
  it("the API refuses one more than the bound with 409 and stores nothing more", async () => {
    const body = { routes: ["*"], repeat: { daily: true, start: "02:00", end: "03:00", timeZone: "Europe/Berlin" }, note: "nightly" };
    for (let i = 0; i < MAX_MAINTENANCE_WINDOWS; i++) expect((await call(maintenanceApi.POST, { method: "POST", body })).status).toBe(201);
    const refused = await call(maintenanceApi.POST, { method: "POST", body });
    expect(refused.status).toBe(409);
    expect(refused.json.error.message).toMatch(/already 200 maintenance windows/);
    expect(await test.service.db.maintenanceWindow.count()).toBe(MAX_MAINTENANCE_WINDOWS);
  }, 60_000);

  it("the file refuses more than 200 with a message", () => {
    const window = { routes: ["*"], from: "2026-01-01T00:00:00Z", to: "2026-01-02T00:00:00Z" };
    const parsed = ProxyPulseConfig.safeParse({ maintenance: Array.from({ length: 201 }, () => window) });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]!.message).toBe("at most 200 maintenance windows");
  });
});
