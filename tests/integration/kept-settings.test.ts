// The alert rules and maintenance windows are read synchronously on the
// write and alert paths, from a copy kept in memory (lib/settings/kept-settings.ts).
// A change made through this process is in force at once (api.test.ts,
// notifications.test.ts); one made by another process on the same database
// (the web server beside `npm run worker`) must reach this one's copy too.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as alertRulesApi from "@/app/api/settings/alerts/route";
import * as maintenanceWindowApi from "@/app/api/maintenance/[id]/route";
import * as maintenanceApi from "@/app/api/maintenance/route";
import type { OutcomeKind } from "@/lib/classify/kinds";
import { startMonitorService, type MonitorService } from "@/lib/monitoring/monitor-service";
import { makeResult } from "../helpers/make-result";
import { readValue } from "../helpers/read-rows";
import { startReceiver } from "../helpers/receivers";
import { call, startTestService, type TestService } from "../helpers/test-service";
import { childEnv } from "../helpers/child-env";

let receiver: Awaited<ReturnType<typeof startReceiver>>;
/** The process the dashboard talks to (its route handlers use it). */
let web: TestService;
/** Another process on the same database and configuration. */
let worker: MonitorService;

let T = Date.now();
async function record(service: MonitorService, proxy: string, kinds: OutcomeKind[]) {
  const route = service.catalog.list().find((r) => r.proxyName === proxy)!;
  for (const kind of kinds) {
    T = Math.max(T + 10, Date.now());
    await service.writer.write({ routeId: route.id, targetId: route.targetId, result: makeResult(kind, T) });
  }
  service.writer.flush();
}

const stateOf = (service: MonitorService, proxy: string) =>
  readValue<string>(service.store, `SELECT state FROM "Route" WHERE id = ?`, [service.catalog.list().find((r) => r.proxyName === proxy)!.id]);

beforeAll(async () => {
  receiver = await startReceiver();
  web = await startTestService(
    `targets:
  - name: main
    baseUrl: http://127.0.0.1:9/v1
    apiKey: sk-kept-settings
proxies:
  - name: rules
    url: http://127.0.0.1:9311
  - name: quiet
    url: http://127.0.0.1:9312
notifications:
  - name: hook
    type: webhook
    url: ${receiver.url}/hook
`,
    { deliveryIntervalMs: 3_600_000 },
  );
  worker = await startMonitorService({
    environment: childEnv({ ...web.databaseEnv, PROXYPULSE_ADMIN_TOKEN: "kept-settings-admin-token-0123456789", PATH: process.env.PATH }),
    runScheduler: false,
    cwd: web.dir,
    deliveryIntervalMs: 3_600_000,
  });
});

afterAll(async () => {
  await worker.stop(1000);
  await web.stop();
  await receiver.close();
});

describe("settings changed by another process", () => {
  it("alert rules saved in the dashboard are the worker's rules once it reads them again", async () => {
    const saved = await call(alertRulesApi.PUT, { method: "PUT", body: { downAfterFailures: 1, upAfterSuccesses: 1, cooldownMinutes: 0, quotaWarnPercent: 10, degradedAfterMinutes: 5 } });
    expect(saved.status).toBe(200);
    // The web process has them at once; the worker at its next read (every few seconds).
    expect(web.service.kept.alertRules.current()).toMatchObject({ downAfterFailures: 1 });
    expect(worker.kept.alertRules.current()).toMatchObject({ downAfterFailures: 3 });
    await worker.kept.alertRules.refresh();
    await record(worker, "rules", ["ok", "ok", "timeout"]);
    expect(await stateOf(worker, "rules")).toBe("down");
  });

  it("a maintenance window made in the dashboard silences the worker's alerts once it reads them again, and no longer once deleted", async () => {
    const now = Date.now();
    const created = await call(maintenanceApi.POST, { method: "POST", body: { routes: ["quiet/*"], from: new Date(now - 60_000).toISOString(), to: new Date(now + 3_600_000).toISOString() } });
    expect(created.status).toBe(201);
    expect(web.service.kept.maintenanceWindows.current().map((window) => window.routes)).toEqual([["quiet/*"]]);
    await worker.kept.maintenanceWindows.refresh();
    expect(worker.kept.maintenanceWindows.current().map((window) => window.routes)).toEqual([["quiet/*"]]);
    const downs = () => receiver.received.filter((entry) => entry.json?.event === "route.down" && entry.json.route?.proxyName === "quiet").length;
    await record(worker, "quiet", ["ok", "timeout"]);
    await worker.deliverNow();
    expect(await stateOf(worker, "quiet")).toBe("down");
    expect(downs()).toBe(0);

    expect((await call(maintenanceWindowApi.DELETE, { method: "DELETE", params: { id: String(created.json.window.id) } })).status).toBe(200);
    expect(web.service.kept.maintenanceWindows.current()).toEqual([]);
    await worker.kept.maintenanceWindows.refresh();
    expect(worker.kept.maintenanceWindows.current()).toEqual([]);
    await record(worker, "quiet", ["ok", "timeout"]);
    await worker.deliverNow();
    expect(downs()).toBe(1);
  });
});
