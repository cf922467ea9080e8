import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as locationApi from "@/app/api/locations/[id]/route";
import * as tokenApi from "@/app/api/locations/[id]/token/route";
import * as locationsApi from "@/app/api/locations/route";
import * as probesApi from "@/app/api/probes/route";
import * as proxiesApi from "@/app/api/proxies/route";
import * as proxyApi from "@/app/api/proxies/[id]/route";
import * as routeApi from "@/app/api/routes/[id]/route";
import * as targetsApi from "@/app/api/targets/route";
import * as targetApi from "@/app/api/targets/[id]/route";
import { findLocationByToken } from "@/lib/locations/agent-token";
import { call, startTestService, type TestService } from "../helpers/test-service";

let test: TestService;

beforeAll(async () => {
  test = await startTestService(`
probeNowCooldownSeconds: 0
locations:
  - { name: hk, region: Hong Kong }
targets:
  - name: main
    baseUrl: http://127.0.0.1:9/v1
    model: m
    locations: [local, hk]
proxies:
  - name: direct
    url: direct
`);
});

afterAll(async () => {
  await test?.stop();
});

const db = () => test.service.db;
const locationNamed = async (name: string) => (await call(locationsApi.GET)).json.locations.find((location: { name: string }) => location.name === name);
/** "proxy/target@location" → assigned, for every route row. */
const placement = async (): Promise<Record<string, boolean>> =>
  Object.fromEntries((await db().route.findMany({ include: { proxy: true, target: true, location: true } })).map((row) => [`${row.proxy.name}/${row.target.name}@${row.location.name}`, row.assigned]));

describe("locations API", () => {
  it.each([
    ["GET /api/locations", () => call(locationsApi.GET, { token: null })],
    ["POST /api/locations", () => call(locationsApi.POST, { method: "POST", body: { name: "x" }, token: null })],
    ["PATCH /api/locations/1", () => call(locationApi.PATCH, { method: "PATCH", params: { id: "1" }, body: { name: "x" }, token: null })],
    ["DELETE /api/locations/2", () => call(locationApi.DELETE, { method: "DELETE", params: { id: "2" }, token: null })],
    ["POST /api/locations/2/token", () => call(tokenApi.POST, { method: "POST", params: { id: "2" }, token: null })],
  ])("%s needs the admin (401)", async (_label, run) => {
    expect((await run()).status).toBe(401);
  });

  it("lists the hub and the file's locations, never a token's hash", async () => {
    const { status, json, text } = await call(locationsApi.GET);
    expect(status).toBe(200);
    expect(json.locations.map((l: { name: string; kind: string; source: string }) => [l.name, l.kind, l.source])).toEqual([
      ["local", "local", "builtin"],
      ["hk", "agent", "file"],
    ]);
    expect(json.locations[1]).toMatchObject({ region: "Hong Kong", online: false, lastSeenAt: null, version: null, spooled: 0, revoked: false, tokenCreatedAt: null, routes: 1, readOnly: true });
    expect(text).not.toContain("tokenHash");
  });

  it("adds a location: 201 with its token, shown once, stored only as its SHA-256; its routes appear at once", async () => {
    const { status, json, text } = await call(locationsApi.POST, { method: "POST", body: { name: "tokyo", region: "Japan" } });
    expect(status).toBe(201);
    expect(json).toEqual({ id: expect.any(Number), name: "tokyo", region: "Japan", token: expect.stringMatching(/^ppa_[A-Za-z0-9_-]{43}$/) });
    const row = await db().location.findUniqueOrThrow({ where: { id: json.id } });
    expect(row.tokenHash).toBe(createHash("sha256").update(json.token).digest("hex"));
    expect(await findLocationByToken(test.service.db, json.token)).toEqual({ id: json.id, name: "tokyo", region: "Japan", clockOffsetMs: null });
    // main is placed at local and hk only; a new proxy (every location) is probed at tokyo too.
    await call(proxiesApi.POST, { method: "POST", body: { name: "office", url: "http://127.0.0.1:7890" } });
    expect(await placement()).toMatchObject({ "office/main@local": true, "office/main@hk": true });
    expect((await placement())["office/main@tokyo"]).toBeUndefined();
    const listed = await call(locationsApi.GET);
    expect(listed.text).not.toContain(json.token);
    expect(listed.json.locations.find((l: { name: string }) => l.name === "tokyo")).toMatchObject({ tokenCreatedAt: expect.any(String), revoked: false, routes: 0 });
  });

  it.each([
    ["a taken name", { name: "hk" }, 409, /A location named "hk" already exists\./],
    ["a taken name in other case", { name: "HK" }, 409, /A location named "hk" already exists \(names are compared ignoring case\)/],
    ["the hub's default name", { name: "local" }, 400, /"local" is kept for the hub's own location/],
    ["the hub's default name in other case", { name: "LOCAL" }, 400, /"LOCAL" is kept for the hub's own location/],
    ["a name with a space", { name: "new york" }, 400, /A location name holds only letters/],
    ["no name", {}, 400, /A location name must be text/],
    ["an unknown field", { name: "ok", token: "ppa_mine" }, 400, /token/],
  ])("refuses %s", async (_label, body, status, message) => {
    const before = await db().location.count();
    const response = await call(locationsApi.POST, { method: "POST", body });
    expect(response.status).toBe(status);
    expect(response.json.error.message).toMatch(message);
    expect(await db().location.count()).toBe(before);
  });

  it("keeps the name \"local\" for the hub even after the hub is renamed (the file's lists call the hub so)", async () => {
    expect((await call(locationApi.PATCH, { method: "PATCH", params: { id: "1" }, body: { name: "headquarters" } })).status).toBe(200);
    try {
      const refused = await call(locationsApi.POST, { method: "POST", body: { name: "local" } });
      expect(refused.status).toBe(400);
      expect(refused.json.error.message).toMatch(/"local" is kept for the hub's own location/);
      const agentId = (await db().location.findFirstOrThrow({ where: { kind: "agent", source: "api", revokedAt: null } })).id;
      const rename = await call(locationApi.PATCH, { method: "PATCH", params: { id: String(agentId) }, body: { name: "Local" } });
      expect([rename.status, rename.json.error?.message]).toEqual([400, expect.stringMatching(/"Local" is kept for the hub's own location/)]);
      expect(await db().location.count({ where: { name: { in: ["local", "Local"] } } })).toBe(0);
    } finally {
      // The hub may take its default name back.
      expect((await call(locationApi.PATCH, { method: "PATCH", params: { id: "1" }, body: { name: "local" } })).status).toBe(200);
    }
  });

  it("never writes a token to the log, nor into a later error", async () => {
    const lines: string[] = [];
    const spies = [vi.spyOn(console, "log"), vi.spyOn(console, "error"), vi.spyOn(console, "warn")].map((spy) => spy.mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(" "))));
    try {
      const created = (await call(locationsApi.POST, { method: "POST", body: { name: "quiet" } })).json;
      const rotated = (await call(tokenApi.POST, { method: "POST", params: { id: String(created.id) } })).json;
      const clash = await call(locationsApi.POST, { method: "POST", body: { name: "quiet" } });
      const revoked = await call(locationApi.DELETE, { method: "DELETE", params: { id: String(created.id) } });
      for (const token of [created.token, rotated.token]) {
        expect(lines.join("\n")).not.toContain(token);
        expect(clash.text).not.toContain(token);
        expect(revoked.text).not.toContain(token);
      }
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });

  it("rotates a token: the new one is shown once, the old one is refused at once", async () => {
    const created = (await call(locationsApi.POST, { method: "POST", body: { name: "rot" } })).json;
    const rotated = await call(tokenApi.POST, { method: "POST", params: { id: String(created.id) } });
    expect(rotated.status).toBe(200);
    expect(rotated.json.token).toMatch(/^ppa_[A-Za-z0-9_-]{43}$/);
    expect(rotated.json.token).not.toBe(created.token);
    expect(await findLocationByToken(test.service.db, created.token)).toBeNull();
    expect((await findLocationByToken(test.service.db, rotated.json.token))?.name).toBe("rot");
  });

  it.each([
    ["rotating the hub's token", () => call(tokenApi.POST, { method: "POST", params: { id: "1" } }), 400, /The hub's own location needs no token/],
    ["revoking the hub", () => call(locationApi.DELETE, { method: "DELETE", params: { id: "1" } }), 400, /The hub's own location cannot be revoked/],
    ["rotating an unknown location", () => call(tokenApi.POST, { method: "POST", params: { id: "999" } }), 404, /Location not found/],
    ["revoking an unknown location", () => call(locationApi.DELETE, { method: "DELETE", params: { id: "999" } }), 404, /Location not found/],
    ["renaming the file's location", () => call(locationApi.PATCH, { method: "PATCH", params: { id: "2" }, body: { name: "hk2" } }), 403, /"hk" is managed by proxypulse\.yaml/],
    ["renaming to a taken name", () => call(locationApi.PATCH, { method: "PATCH", params: { id: "1" }, body: { name: "HK" } }), 409, /A location named "hk" already exists/],
    ["renaming to a bad name", () => call(locationApi.PATCH, { method: "PATCH", params: { id: "1" }, body: { name: "my office" } }), 400, /A location name holds only/],
    ["an empty change", () => call(locationApi.PATCH, { method: "PATCH", params: { id: "1" }, body: {} }), 400, /give name or region/],
  ])("refuses %s", async (_label, run, status, message) => {
    const response = await run();
    expect(response.status).toBe(status);
    expect(response.json.error.message).toMatch(message);
  });

  it("revokes a location: token refused at once, its routes unassigned, its rows and history kept; a new token brings it back", async () => {
    await call(targetsApi.POST, { method: "POST", body: { name: "anywhere", baseUrl: "http://127.0.0.1:9/v1" } });
    const created = (await call(locationsApi.POST, { method: "POST", body: { name: "gone" } })).json;
    const rows = await db().route.findMany({ where: { locationId: created.id } });
    expect(rows.length).toBeGreaterThan(0);
    await db().probeResult.create({ data: { routeId: rows[0]!.id, at: new Date(), ok: true, kindCode: 0 } });

    const revoked = await call(locationApi.DELETE, { method: "DELETE", params: { id: String(created.id) } });
    expect(revoked.status).toBe(200);
    expect(revoked.json.location).toMatchObject({ id: created.id, name: "gone", revoked: true, routes: 0, online: false });
    expect(await findLocationByToken(test.service.db, created.token)).toBeNull();
    expect(await db().route.count({ where: { locationId: created.id } })).toBe(rows.length);
    expect(await db().route.count({ where: { locationId: created.id, assigned: true } })).toBe(0);
    expect(await db().probeResult.count({ where: { routeId: rows[0]!.id } })).toBe(1);
    // Its name stays taken, with a hint.
    const again = await call(locationsApi.POST, { method: "POST", body: { name: "gone" } });
    expect(again.status).toBe(409);
    expect(again.json.error.message).toMatch(/it is revoked, and keeps its name with its history; give it a new token/);

    const revived = await call(tokenApi.POST, { method: "POST", params: { id: String(created.id) } });
    expect((await findLocationByToken(test.service.db, revived.json.token))?.id).toBe(created.id);
    expect((await locationNamed("gone")).routes).toBe(rows.length);
  });

  it("renames the hub from the API; lists naming it follow", async () => {
    const renamed = await call(locationApi.PATCH, { method: "PATCH", params: { id: "1" }, body: { name: "office-lan", region: "Shanghai" } });
    expect(renamed.status).toBe(200);
    expect(renamed.json.location).toMatchObject({ id: 1, name: "office-lan", region: "Shanghai", kind: "local" });
    const main = await db().target.findUniqueOrThrow({ where: { name: "main" } });
    expect(JSON.parse(main.locations!)).toEqual(["office-lan", "hk"]);
    expect((await placement())["direct/main@office-lan"]).toBe(true);
    await call(locationApi.PATCH, { method: "PATCH", params: { id: "1" }, body: { name: "local", region: null } });
  });
});

describe("locations of targets, proxies and routes in the API", () => {
  it("refuses a list naming an unknown or revoked location, naming the known ones", async () => {
    await call(locationsApi.POST, { method: "POST", body: { name: "dead" } });
    const dead = (await locationNamed("dead")).id;
    await call(locationApi.DELETE, { method: "DELETE", params: { id: String(dead) } });
    for (const name of ["nowhere", "dead"]) {
      const response = await call(targetsApi.POST, { method: "POST", body: { name: `t-${name}`, baseUrl: "http://127.0.0.1:9/v1", locations: [name] } });
      expect(response.status).toBe(400);
      expect(response.json.error.message).toMatch(new RegExp(`^unknown location "${name}"; the locations are: local, hk, `));
      expect(response.json.error.message).not.toContain("dead,");
    }
    expect(await db().target.count({ where: { name: { startsWith: "t-" } } })).toBe(0);
  });

  it("stores a target's and a proxy's lists and places their routes at once; null means every location", async () => {
    const target = (await call(targetsApi.POST, { method: "POST", body: { name: "eu", baseUrl: "http://127.0.0.1:9/v1", locations: ["hk"] } })).json.target;
    expect(target.locations).toEqual(["hk"]);
    expect(await placement()).toMatchObject({ "direct/eu@local": false, "direct/eu@hk": true });
    const proxy = (await call(proxiesApi.POST, { method: "POST", body: { name: "edge", url: "direct", locations: ["local"] } })).json.proxy;
    expect(proxy.locations).toEqual(["local"]);
    // eu ∩ edge is empty: its hub row exists, unassigned, and no other.
    expect(await placement()).toMatchObject({ "edge/eu@local": false, "edge/main@local": true });
    expect(Object.keys(await placement()).filter((key) => key.startsWith("edge/eu@"))).toEqual(["edge/eu@local"]);
    expect((await placement())["edge/main@hk"]).toBeUndefined();

    const patched = await call(targetApi.PATCH, { method: "PATCH", params: { id: String(target.id) }, body: { locations: null } });
    expect(patched.json.target.locations).toBeNull();
    expect(await placement()).toMatchObject({ "direct/eu@local": true, "direct/eu@hk": true, "edge/eu@local": true });
    const moved = await call(proxyApi.PATCH, { method: "PATCH", params: { id: String(proxy.id) }, body: { locations: ["hk"] } });
    expect(moved.json.proxy.locations).toEqual(["hk"]);
    expect(await placement()).toMatchObject({ "edge/eu@local": false, "edge/eu@hk": true });
  });

  it("refuses a list on the file's target (managed by the file)", async () => {
    const main = await db().target.findUniqueOrThrow({ where: { name: "main" } });
    const response = await call(targetApi.PATCH, { method: "PATCH", params: { id: String(main.id) }, body: { locations: ["hk"] } });
    expect(response.status).toBe(403);
    expect(response.json.error.code).toBe("managed_by_file");
  });

  it("a route's own locations win over its target's and proxy's; null removes them", async () => {
    const hubRow = await db().route.findFirstOrThrow({ where: { proxy: { name: "direct" }, target: { name: "main" }, locationId: 1 } });
    const set = await call(routeApi.PATCH, { method: "PATCH", params: { id: String(hubRow.id) }, body: { locations: ["hk"] } });
    expect(set.status).toBe(200);
    expect(await placement()).toMatchObject({ "direct/main@local": false, "direct/main@hk": true });
    expect(JSON.parse((await db().routePlacement.findFirstOrThrow()).locations)).toEqual(["hk"]);
    const bad = await call(routeApi.PATCH, { method: "PATCH", params: { id: String(hubRow.id) }, body: { locations: ["mars"] } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/unknown location "mars"/);
    await call(routeApi.PATCH, { method: "PATCH", params: { id: String(hubRow.id) }, body: { locations: null } });
    expect(await db().routePlacement.count()).toBe(0);
    expect(await placement()).toMatchObject({ "direct/main@local": true, "direct/main@hk": true });
  });

  it("the hub probes only its own assigned rows; probe now of another location's row is refused, naming the pair's id", async () => {
    const rows = await db().route.findMany({ select: { id: true, locationId: true, assigned: true, proxyId: true, targetId: true } });
    const hubAssigned = rows.filter((row) => row.locationId === 1 && row.assigned).map((row) => row.id).sort((a, b) => a - b);
    expect(test.service.catalog.list().map((route) => route.id).sort((a, b) => a - b)).toEqual(hubAssigned);
    const sibling = rows.find((row) => row.locationId !== 1)!;
    expect(test.service.catalog.get(sibling.id)).toBeUndefined();
    const hubRow = rows.find((row) => row.locationId === 1 && row.proxyId === sibling.proxyId && row.targetId === sibling.targetId)!;
    // The hub's row of a pair placed elsewhere still answers "probe now" (an admin asked).
    const unassigned = rows.find((row) => row.locationId === 1 && !row.assigned)!;
    expect(test.service.catalog.get(unassigned.id)).toBeDefined();

    const before = await db().probeResult.count({ where: { routeId: sibling.id } });
    const response = await call(probesApi.POST, { method: "POST", body: { routeId: sibling.id } });
    expect(response.status).toBe(400);
    expect(response.json.error.message).toMatch(new RegExp(`is probed at location ".+" by its agent; "probe now" probes from the hub only\\. To probe the pair from the hub, probe route ${hubRow.id}\\.`));
    expect(await db().probeResult.count({ where: { routeId: sibling.id } })).toBe(before);
  });
});
