import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { warnUnreachableQuorum } from "@/lib/locations/warn-unreachable-quorum";
import { ConfigError, parseConfigText } from "@/lib/config/load-config";
import { ensureRoutes, syncConfig } from "@/lib/monitoring/sync-config";
import { SecretBox } from "@/lib/secrets/secret-box";
import { createTempDatabase, type TempDatabase } from "../helpers/temp-database";

const box = new SecretBox(randomBytes(32));
const parse = (text: string) => parseConfigText(text, "proxypulse.yaml", {});

/** Two targets (a, b) and two proxies (x, y), with the given top-level lines and per-object `locations`. */
const yaml = (top: string, lists: { a?: string; b?: string; x?: string; y?: string } = {}) => {
  const list = (value: string | undefined) => (value ? `\n    locations: ${value}` : "");
  return `${top}
targets:
  - name: a
    baseUrl: http://127.0.0.1:9/v1
    model: m${list(lists.a)}
  - name: b
    baseUrl: http://127.0.0.1:9/v1
    model: m${list(lists.b)}
proxies:
  - name: x
    url: direct${list(lists.x)}
  - name: y
    url: direct${list(lists.y)}
`;
};

let temp: TempDatabase | undefined;
afterEach(async () => {
  await temp?.cleanup();
  temp = undefined;
});

/** Every route row as "proxy/target@location" → assigned. */
async function placement(db: TempDatabase["db"]): Promise<Record<string, boolean>> {
  const rows = await db.route.findMany({ include: { proxy: true, target: true, location: true } });
  return Object.fromEntries(rows.map((row) => [`${row.proxy.name}/${row.target.name}@${row.location.name}`, row.assigned]));
}

async function idOf(db: TempDatabase["db"], model: "proxy" | "target", name: string): Promise<number> {
  const row = model === "proxy" ? await db.proxy.findUniqueOrThrow({ where: { name } }) : await db.target.findUniqueOrThrow({ where: { name } });
  return row.id;
}

describe("locations from proxypulse.yaml and the routes at each", () => {
  it("without locations, every pair has exactly its row at the hub, assigned (as before locations existed)", async () => {
    temp = await createTempDatabase();
    const report = await syncConfig(temp.db, "sqlite", parse(yaml("")), box);
    expect(report.routesCreated).toBe(4);
    expect(await placement(temp.db)).toEqual({ "x/a@local": true, "x/b@local": true, "y/a@local": true, "y/b@local": true });
  });

  it("probes each pair from the intersection of its target's and its proxy's lists; the hub row exists always", async () => {
    temp = await createTempDatabase();
    await syncConfig(temp.db, "sqlite", parse(yaml("locations: [{ name: hk, region: Hong Kong }, { name: fra }]", { a: "[local, hk]", x: "[hk, fra]" })), box);
    expect(await placement(temp.db)).toEqual({
      // a ∩ x = {hk}
      "x/a@local": false,
      "x/a@hk": true,
      // b (all) ∩ x = {hk, fra}
      "x/b@local": false,
      "x/b@hk": true,
      "x/b@fra": true,
      // a ∩ y (all) = {local, hk}
      "y/a@local": true,
      "y/a@hk": true,
      // all ∩ all
      "y/b@local": true,
      "y/b@hk": true,
      "y/b@fra": true,
    });
    const hk = await temp.db.location.findUniqueOrThrow({ where: { name: "hk" } });
    expect(hk).toMatchObject({ kind: "agent", source: "file", region: "Hong Kong", tokenHash: null, revokedAt: null });
    expect(JSON.parse((await temp.db.target.findUniqueOrThrow({ where: { name: "a" } })).locations!)).toEqual(["local", "hk"]);
    expect((await temp.db.target.findUniqueOrThrow({ where: { name: "b" } })).locations).toBeNull();
  });

  it("a route's own placement wins over its target's and proxy's lists; removing it restores theirs, keeping every row", async () => {
    temp = await createTempDatabase();
    await syncConfig(temp.db, "sqlite", parse(yaml("locations: [{ name: hk }, { name: fra }]", { a: "[hk]" })), box);
    const [x, a] = [await idOf(temp.db, "proxy", "x"), await idOf(temp.db, "target", "a")];
    await temp.db.routePlacement.create({ data: { proxyId: x, targetId: a, locations: JSON.stringify(["local", "fra"]) } });
    expect(await ensureRoutes(temp.db, "sqlite")).toBe(1); // x/a@fra
    expect(await placement(temp.db)).toMatchObject({ "x/a@local": true, "x/a@hk": false, "x/a@fra": true, "y/a@local": false, "y/a@hk": true });
    await temp.db.routePlacement.delete({ where: { proxyId_targetId: { proxyId: x, targetId: a } } });
    expect(await ensureRoutes(temp.db, "sqlite")).toBe(0);
    expect(await placement(temp.db)).toMatchObject({ "x/a@local": false, "x/a@hk": true, "x/a@fra": false });
  });

  it("drops the placement of a pair whose proxy is deleted", async () => {
    temp = await createTempDatabase();
    await syncConfig(temp.db, "sqlite", parse(yaml("")), box);
    await temp.db.proxy.create({ data: { name: "gone", url: "direct" } });
    const gone = await idOf(temp.db, "proxy", "gone");
    await temp.db.routePlacement.create({ data: { proxyId: gone, targetId: await idOf(temp.db, "target", "a"), locations: '["local"]' } });
    await temp.db.proxy.delete({ where: { id: gone } });
    await ensureRoutes(temp.db, "sqlite");
    expect(await temp.db.routePlacement.count()).toBe(0);
  });

  it("revokes a location the file no longer lists: token refused, routes unassigned, history kept", async () => {
    temp = await createTempDatabase();
    await syncConfig(temp.db, "sqlite", parse(yaml("locations: [{ name: hk }]")), box);
    const hk = await temp.db.location.update({ where: { name: "hk" }, data: { tokenHash: "ab".repeat(32), tokenCreatedAt: new Date() } });
    const hkRoute = await temp.db.route.findFirstOrThrow({ where: { locationId: hk.id } });
    await temp.db.probeResult.create({ data: { routeId: hkRoute.id, at: new Date(), ok: true, kindCode: 0 } });

    const report = await syncConfig(temp.db, "sqlite", parse(yaml("")), box);
    expect(report.revokedLocations).toEqual(["hk"]);
    const revoked = await temp.db.location.findUniqueOrThrow({ where: { id: hk.id } });
    expect(revoked.tokenHash).toBeNull();
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    expect(revoked.source).toBe("api");
    expect(await placement(temp.db)).toEqual({
      "x/a@local": true, "x/b@local": true, "y/a@local": true, "y/b@local": true,
      "x/a@hk": false, "x/b@hk": false, "y/a@hk": false, "y/b@hk": false,
    });
    expect(await temp.db.probeResult.count({ where: { routeId: hkRoute.id } })).toBe(1);
    // A later sync does not revoke it again (its revokedAt stays the first).
    expect((await syncConfig(temp.db, "sqlite", parse(yaml("")), box)).revokedLocations).toEqual([]);
    expect((await temp.db.location.findUniqueOrThrow({ where: { id: hk.id } })).revokedAt).toEqual(revoked.revokedAt);
  });

  it("a revoked location listed in the file again stays revoked (it needs a new token), and is the file's again", async () => {
    temp = await createTempDatabase();
    await syncConfig(temp.db, "sqlite", parse(yaml("locations: [{ name: hk }]")), box);
    await syncConfig(temp.db, "sqlite", parse(yaml("")), box);
    await syncConfig(temp.db, "sqlite", parse(yaml("locations: [{ name: hk, region: HK }]")), box);
    const hk = await temp.db.location.findUniqueOrThrow({ where: { name: "hk" } });
    expect(hk).toMatchObject({ source: "file", region: "HK", tokenHash: null });
    expect(hk.revokedAt).toBeInstanceOf(Date);
    expect(await temp.db.route.count({ where: { locationId: hk.id, assigned: true } })).toBe(0);
  });

  it("never assigns a revoked location, even when a list names it", async () => {
    temp = await createTempDatabase();
    await syncConfig(temp.db, "sqlite", parse(yaml("locations: [{ name: hk }]")), box);
    await temp.db.location.update({ where: { name: "hk" }, data: { revokedAt: new Date() } });
    await temp.db.target.update({ where: { name: "a" }, data: { locations: '["hk"]' } });
    await ensureRoutes(temp.db, "sqlite");
    const routes = await placement(temp.db);
    expect(Object.entries(routes).filter(([, assigned]) => assigned).map(([key]) => key).sort()).toEqual(["x/b@local", "y/b@local"]);
  });

  it("renames the hub's location as the file says, in every list that names it", async () => {
    temp = await createTempDatabase();
    await syncConfig(temp.db, "sqlite", parse(yaml("locations: [{ name: hk }]", { a: "[local, hk]" })), box);
    const mine = await temp.db.target.create({ data: { name: "mine", baseUrl: "http://127.0.0.1:9/v1", model: "m", locations: '["hk","local"]' } });
    await temp.db.routePlacement.create({ data: { proxyId: await idOf(temp.db, "proxy", "x"), targetId: mine.id, locations: '["local"]' } });

    await syncConfig(temp.db, "sqlite", parse(yaml("location: { name: office, region: Shanghai }\nlocations: [{ name: hk }]", { a: "[office, hk]" })), box);
    expect(await temp.db.location.findUniqueOrThrow({ where: { id: 1 } })).toMatchObject({ name: "office", region: "Shanghai", kind: "local", source: "file" });
    expect(JSON.parse((await temp.db.target.findUniqueOrThrow({ where: { id: mine.id } })).locations!)).toEqual(["hk", "office"]);
    expect(JSON.parse((await temp.db.routePlacement.findFirstOrThrow()).locations)).toEqual(["office"]);
    expect((await placement(temp.db))["x/mine@office"]).toBe(true);
    expect((await placement(temp.db))["y/mine@office"]).toBe(true);

    // The file stops naming the hub: the name stays (the dashboard may change it now), and "local" in the file means the hub.
    await syncConfig(temp.db, "sqlite", parse(yaml("locations: [{ name: hk }]", { a: "[local]" })), box);
    expect(await temp.db.location.findUniqueOrThrow({ where: { id: 1 } })).toMatchObject({ name: "office", source: "builtin" });
    expect(JSON.parse((await temp.db.target.findUniqueOrThrow({ where: { name: "a" } })).locations!)).toEqual(["office"]);
    expect(await placement(temp.db)).toMatchObject({ "x/a@office": true, "x/a@hk": false });
  });

  it.each([
    ["the hub renamed to an agent location's name", "location: { name: hk }", /location\.name: "hk" is already the name of another location/],
    ["an agent location named as the renamed hub", "locations: [{ name: office }]", /locations: "office" is the hub's own location \(renamed in the dashboard\)/],
  ])("refuses %s, naming the clash", async (_label, top, expected) => {
    temp = await createTempDatabase();
    await syncConfig(temp.db, "sqlite", parse(yaml("")), box);
    await temp.db.location.update({ where: { id: 1 }, data: { name: "office" } });
    await temp.db.location.create({ data: { name: "hk", source: "api" } });
    const error = await syncConfig(temp.db, "sqlite", parse(yaml(top)), box).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems[0]).toMatch(expected);
    expect((await temp.db.location.findUniqueOrThrow({ where: { id: 1 } })).name).toBe("office");
  });
});

describe("minLocations above the number of locations", () => {
  it("is said at start (the quorum is capped: a route is down only when every location says so), and not when it can be met", async () => {
    temp = await createTempDatabase();
    await syncConfig(temp.db, "sqlite", parse(yaml(`locations:\n  - name: hk-vps\n`)), box, "file");
    const lines: string[] = [];
    const spy = vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(" ")));
    try {
      await warnUnreachableQuorum(temp.db, 2);
      await warnUnreachableQuorum(temp.db, undefined);
      expect(lines).toEqual([]);
      await warnUnreachableQuorum(temp.db, 5);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain("minLocations is 5 but there are 2 locations (local, hk-vps): a route is announced down only when every location probing it says so");
    } finally {
      spy.mockRestore();
    }
  });
});
