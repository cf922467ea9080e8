import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { aggregateState, downQuorum, locationState, pairStateSql, type LocationState } from "@/lib/locations/aggregate-state";
import type { RouteState } from "@/lib/monitoring/route-state";
import { configProblems, CONFIG_FILE } from "../../helpers/config-text";
import { parseConfigText } from "@/lib/config/load-config";

const STATES: LocationState[] = ["unknown", "up", "degraded", "down", "paused", "offline"];

describe("aggregateState (a pair's state from its locations' states)", () => {
  it.each([
    // one location: exactly that location's state (every install before locations)
    [["up"], null, "up"],
    [["down"], null, "down"],
    [["degraded"], null, "degraded"],
    [["unknown"], null, "unknown"],
    [["paused"], null, "paused"],
    [["down"], 2, "down"],
    // three locations, default quorum 2
    [["up", "up", "up"], null, "up"],
    [["down", "up", "up"], null, "degraded"],
    [["down", "down", "up"], null, "down"],
    [["degraded", "up", "up"], null, "degraded"],
    [["unknown", "unknown", "unknown"], null, "unknown"],
    [["up", "unknown", "unknown"], null, "up"],
    [["paused", "paused", "paused"], null, "paused"],
    // a paused location is left out: 2 active, quorum 2
    [["paused", "down", "up"], null, "degraded"],
    [["paused", "down", "down"], null, "down"],
    // minLocations set
    [["down", "up", "up"], 1, "down"],
    [["down", "down", "up"], 3, "degraded"],
    [["down", "down", "down"], 3, "down"],
    // two locations: a majority is both
    [["down", "up"], null, "degraded"],
    [["down", "down"], null, "down"],
    [[], null, "unknown"],
    // an offline location says nothing, but counts towards the quorum it was meant to be part of
    [["down", "offline"], null, "degraded"],
    [["down", "offline"], 1, "down"],
    [["up", "offline"], null, "up"],
    [["down", "up", "offline"], null, "degraded"],
    [["down", "down", "offline"], null, "down"],
    [["up", "offline", "offline"], null, "up"],
    [["offline"], null, "unknown"],
    [["offline", "offline"], null, "unknown"],
    [["paused", "offline"], null, "unknown"],
    [["down", "offline", "offline"], 2, "degraded"],
    [["down", "down", "offline"], 3, "degraded"],
  ] as Array<[LocationState[], number | null, RouteState]>)("%j with minLocations %s → %s", (states, min, expected) => {
    expect(aggregateState(states, min)).toBe(expected);
  });

  it("the default quorum is a majority, and never more than the locations there are", () => {
    expect([1, 2, 3, 4, 5].map((n) => downQuorum(n, null))).toEqual([1, 2, 2, 3, 3]);
    expect(downQuorum(1, 2)).toBe(1);
    expect(downQuorum(3, 2)).toBe(2);
  });

  it("a row at an offline location is offline unless paused", () => {
    expect((["up", "down", "degraded", "unknown", "paused"] as RouteState[]).map((state) => locationState(state, false))).toEqual(["offline", "offline", "offline", "offline", "paused"]);
    expect(locationState("down", true)).toBe("down");
  });

  it("the SQL rule agrees with the TypeScript rule for every mix of up to three locations", () => {
    const db = new Database(":memory:");
    db.exec(`CREATE TABLE "Location" (id INTEGER PRIMARY KEY, kind TEXT, online INT)`);
    // The hub (never offline), an agent online, an agent gone silent.
    db.exec(`INSERT INTO "Location" VALUES (1, 'local', 0), (2, 'agent', 1), (3, 'agent', 0)`);
    db.exec(`CREATE TABLE "Route" (id INTEGER PRIMARY KEY, proxyId INT, targetId INT, state TEXT, assigned INT, locationId INT)`);
    db.exec(`CREATE TABLE "Pair" (proxyId INT PRIMARY KEY, targetId INT, state TEXT)`);
    const row = db.prepare(`INSERT INTO "Route" (proxyId, targetId, state, assigned, locationId) VALUES (?, ?, ?, 1, ?)`);
    // An offline location's row keeps the last state it reported (down, to show it is not counted).
    const insert = (pair: number, target: number, state: LocationState, index: number) =>
      state === "offline" ? row.run(pair, target, "down", 3) : row.run(pair, target, state, index === 0 ? 1 : 2);
    const cases: LocationState[][] = [];
    for (const a of STATES) {
      cases.push([a]);
      for (const b of STATES) {
        cases.push([a, b]);
        for (const c of STATES) cases.push([a, b, c]);
      }
    }
    cases.forEach((states, pair) => {
      db.prepare(`INSERT INTO "Pair" VALUES (?, 0, 'unknown')`).run(pair);
      states.forEach((state, index) => insert(pair, 0, state, index));
    });
    // A paused row at an offline location is paused all the same.
    db.prepare(`INSERT INTO "Pair" VALUES (?, 0, 'unknown')`).run(cases.length + 1);
    row.run(cases.length + 1, 0, "paused", 3);
    // A row no longer assigned counts for nothing; a pair with none falls back to its own row's state.
    insert(0, 0, "down", 0);
    db.prepare(`UPDATE "Route" SET assigned = 0 WHERE id = last_insert_rowid()`).run();
    db.prepare(`INSERT INTO "Pair" VALUES (?, 0, 'paused')`).run(cases.length);
    for (const min of [null, 1, 2, 3]) {
      const rows = db.prepare(`SELECT p.proxyId AS pair, ${pairStateSql("p")} AS state FROM "Pair" p ORDER BY p.proxyId`).all({ minLocations: min }) as Array<{ pair: number; state: string }>;
      expect(rows.map((row) => row.state)).toEqual([...cases.map((states) => aggregateState(states, min)), "paused", "paused"]);
    }
    db.close();
  });
});

describe("minLocations in proxypulse.yaml", () => {
  it("is optional (a majority) and takes a whole number of at least 1", () => {
    expect(parseConfigText("targets: []\n", CONFIG_FILE, {}).minLocations).toBeUndefined();
    expect(parseConfigText("minLocations: 2\n", CONFIG_FILE, {}).minLocations).toBe(2);
  });

  it.each([
    ["minLocations: 0", /minLocations must be at least 1/],
    ["minLocations: 1.5", /minLocations must be a whole number/],
    ["minLocations: two", /minLocations must be a whole number/],
    ["minLocations: -2", /minLocations must be at least 1/],
  ])("%s is refused with a clear message", (line, message) => {
    expect(configProblems(`${line}\n`).join("\n")).toMatch(message);
  });
});
