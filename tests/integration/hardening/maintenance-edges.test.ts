// Maintenance rule edge cases: each is a 201 or a 400 with a message, never a 500, and quick.
import { describe, expect, it } from "vitest";
import * as maintenanceApi from "@/app/api/maintenance/route";
import * as statusPage from "@/app/status/route";
import { call } from "../../helpers/test-service";
import { useHardeningService } from "./hardening-service";

const test = useHardeningService();

const BODIES: unknown[] = [
  { routes: ["*"], from: "9999-12-31T23:00:00Z", to: "9999-12-31T23:59:59Z" },
  { routes: ["*"], from: "+275760-09-12T00:00:00Z", to: "+275760-09-13T00:00:00Z" },
  { routes: ["*"], from: "-000001-01-01T00:00:00Z", to: "2026-01-01T00:00:00Z" },
  { routes: ["*"], from: "0000-01-01T00:00:00Z", to: "0001-01-01T00:00:00Z" },
  { routes: ["*"], from: "2026-12-01T02:00:00+99:99", to: "2026-12-01T03:00:00Z" },
  { routes: ["*"], repeat: { daily: true, start: "02:30", end: "03:00", timeZone: "Europe/Berlin" } },
  { routes: ["*"], repeat: { daily: true, start: "01:30", end: "01:45", timeZone: "America/New_York" } },
  { routes: ["*"], repeat: { monthly: [29, 30, 31], start: "23:59", end: "00:00", timeZone: "Pacific/Apia" } },
  { routes: ["*"], repeat: { weekly: ["sun", "sun", "sun", "sun", "sun", "sun", "sun"], start: "00:00", durationMinutes: 10080, timeZone: "UTC" } },
  { routes: ["*"], repeat: { daily: true, start: "00:00", durationMinutes: 10080, timeZone: "Antarctica/Troll" } },
  { routes: ["*"], repeat: { daily: true, start: "00:00", end: "00:01", timeZone: "x".repeat(65) } },
  { routes: ["*"], repeat: { daily: true, start: "00:00", end: "00:01", timeZone: "Europe/Berlin\u0000" } },
  { routes: ["*"], repeat: { daily: true, start: "24:00", end: "00:01", timeZone: "UTC" } },
  { routes: ["*"], repeat: { daily: true, start: "00:00", durationMinutes: 1e308, timeZone: "UTC" } },
  { routes: ["*"], repeat: { monthly: [], start: "00:00", end: "01:00", timeZone: "UTC" } },
  { routes: ["*"], repeat: { monthly: [1.5], start: "00:00", end: "01:00", timeZone: "UTC" } },
  { routes: ["*"], repeat: { daily: false, start: "00:00", end: "01:00", timeZone: "UTC" } },
  { routes: Array(100).fill("*a*b*c*d*e*f*g*h*" + "x".repeat(180)), repeat: { daily: true, start: "00:00", end: "01:00", timeZone: "UTC" } },
];

describe("maintenance edges", () => {
  it.each(BODIES.map((b) => [JSON.stringify(b).slice(0, 120), b]))("%s", async (_label, body) => {
    const t0 = performance.now();
    const r = await call(maintenanceApi.POST as never, { method: "POST", path: "/api/maintenance", body });
    expect([201, 400], r.text.slice(0, 300)).toContain(r.status);
    if (r.status === 400) expect(r.json.error.message).toBeTruthy();
    expect(performance.now() - t0).toBeLessThan(1000);
    const list = await call(maintenanceApi.GET as never, { path: "/api/maintenance" });
    expect(list.status, list.text.slice(0, 300)).toBe(200);
  });
  it("the status page still renders", async () => {
    const page = await call(statusPage.GET as never, { path: "/status", token: null });
    expect(page.status, page.text.slice(0, 300)).toBe(200);
  });
});
