// Garbage bodies to the endpoints added today: never a 500, never a stored change.
import { describe, expect, it } from "vitest";
import * as routeApi from "@/app/api/routes/[id]/route";
import * as proxyApi from "@/app/api/proxies/[id]/route";
import * as targetApi from "@/app/api/targets/[id]/route";
import * as statusPageSettings from "@/app/api/settings/status-page/route";
import * as maintenanceApi from "@/app/api/maintenance/route";
import * as notificationsApi from "@/app/api/notifications/route";
import * as notificationApi from "@/app/api/notifications/[id]/route";
import { call } from "../../helpers/test-service";
import { useHardeningService } from "./hardening-service";

const hardening = useHardeningService([{ name: "p", url: "http://user:pw-secret-123@127.0.0.1:9401" }]);

const deep = (n: number) => "[".repeat(n) + "]".repeat(n);
const deepObj = (n: number) => '{"a":'.repeat(n) + "1" + "}".repeat(n);
const BODIES: Array<[string, string]> = [
  ["deep array 100k", `{"enabled": ${deep(100_000)}}`],
  ["deep object 50k", `{"enabled": ${deepObj(50_000)}}`],
  ["deep array as body", deep(200_000)],
  ["intervalSeconds 1e308", '{"intervalSeconds": 1e308}'],
  ["intervalSeconds -0", '{"intervalSeconds": -0}'],
  ["intervalSeconds NaN string", '{"intervalSeconds": "NaN"}'],
  ["latencyThresholdMs 2^53", '{"latencyThresholdMs": 9007199254740993}'],
  ["latencyWindow huge", '{"latencyWindow": 1e20}'],
  ["enabled string", '{"enabled": "false"}'],
  ["enabled null", '{"enabled": null}'],
  ["__proto__", '{"__proto__": {"enabled": false}, "enabled": true}'],
  ["constructor", '{"constructor": {"prototype": {"x": 1}}}'],
  ["lone surrogate", '{"title": "\\ud800", "name": "\\ud800"}'],
];

const HANDLERS: Array<[string, (typeof routeApi)["PATCH"], string]> = [
  ["PATCH /api/routes/1", routeApi.PATCH, "PATCH"],
  ["PATCH /api/proxies/1", proxyApi.PATCH as never, "PATCH"],
  ["PATCH /api/targets/1", targetApi.PATCH as never, "PATCH"],
  ["PUT /api/settings/status-page", statusPageSettings.PUT as never, "PUT"],
  ["POST /api/maintenance", maintenanceApi.POST as never, "POST"],
  ["POST /api/notifications", notificationsApi.POST as never, "POST"],
];

describe("garbage bodies", () => {
  for (const [label, handler, method] of HANDLERS) {
    it.each(BODIES)(`${label}: %s → 4xx`, async (_name, rawBody) => {
      const r = await call(handler as never, { method, path: "/x", params: { id: "1" }, rawBody });
      expect(r.status, r.text.slice(0, 300)).toBeGreaterThanOrEqual(400);
      expect(r.status, r.text.slice(0, 300)).toBeLessThan(500);
      expect(r.json?.error?.message, r.text.slice(0, 300)).toBeTruthy();
      expect(r.text.length).toBeLessThan(20_000);
    });
  }
  it("2 MB body → 413", async () => {
    const r = await call(routeApi.PATCH as never, { method: "PATCH", path: "/x", params: { id: "1" }, rawBody: JSON.stringify({ enabled: true, pad: "x".repeat(2_000_000) }) });
    expect(r.status).toBe(413);
  });
});
