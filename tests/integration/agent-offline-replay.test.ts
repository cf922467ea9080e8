import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as results from "@/app/api/agent/results/route";
import type { OutcomeKind } from "@/lib/classify/kinds";
import { hashAgentToken, newAgentToken } from "@/lib/locations/agent-token";
import { makeResult } from "../helpers/make-result";
import { startReceiver } from "../helpers/receivers";
import { readValue } from "../helpers/read-rows";
import { setOnline } from "../helpers/seed-locations";
import { call, startTestService, type TestService } from "../helpers/test-service";

// An agent cut off from its hub for more than a minute is marked offline, keeps
// probing into its spool, and replays the spool once it reaches the hub again.
// What happened meanwhile (the very outage that cut it off may have taken the
// route down) is news: the replayed results come from a location heard from
// that moment, so their state changes must be judged with it online, not
// swallowed because the hub had not yet noted the agent back.

let webhook: Awaited<ReturnType<typeof startReceiver>>;
let test: TestService;
const token = newAgentToken();
let edge: number;
/** Per proxy: its pair's id (hub row) and its row at the agent's location. */
const pairs: Record<string, { pairId: number; edgeRow: number; targetId: number }> = {};

beforeAll(async () => {
  webhook = await startReceiver();
  test = await startTestService(`
alerts:
  downAfterFailures: 2
  upAfterSuccesses: 1
  cooldownMinutes: 0
  degradedAfterMinutes: 1440
minLocations: 1
targets:
  - name: api
    baseUrl: http://127.0.0.1:9/v1
    apiKey: sk-offline-replay
proxies:
  - name: agent-only
    url: direct
  - name: hub-and-agent
    url: direct
  - name: recovers
    url: direct
notifications:
  - name: hook
    type: webhook
    url: ${webhook.url}/hook
`, { deliveryPolicy: { baseDelayMs: 40, maxAttempts: 3, claimMs: 500 }, deliveryIntervalMs: 3_600_000 });
  const { db } = test.service;
  edge = (await db.location.create({ data: { name: "edge", kind: "agent", source: "api", tokenHash: hashAgentToken(token), online: true, lastSeenAt: new Date() } })).id;
  for (const route of test.service.catalog.list()) {
    const { proxyId } = await db.route.findUniqueOrThrow({ where: { id: route.id } });
    const edgeRow = (await db.route.create({ data: { proxyId, targetId: route.targetId, locationId: edge, assigned: true } })).id;
    pairs[route.proxyName] = { pairId: route.id, edgeRow, targetId: route.targetId };
  }
  // Probed from the agent alone: its hub row is not assigned.
  await db.route.update({ where: { id: pairs["agent-only"]!.pairId }, data: { assigned: false } });
  await test.service.writer.write({ routeId: pairs["hub-and-agent"]!.pairId, targetId: pairs["hub-and-agent"]!.targetId, result: makeResult("ok", Date.now()) });
});

afterAll(async () => {
  await test?.stop();
  await webhook?.close();
});

let seq = 0;
let T = Date.now() - 600_000;
/** One batch from the agent over its API, results taken in the past (a spool's replay). */
async function upload(proxy: string, kinds: OutcomeKind[]) {
  const { edgeRow } = pairs[proxy]!;
  const body = { streamId: "offline-replay", results: kinds.map((kind) => ({ seq: ++seq, routeId: edgeRow, result: makeResult(kind, (T += 1000)) })) };
  const answer = await call(results.POST, { method: "POST", path: "/api/agent/results", body, token });
  expect(answer.status).toBe(200);
  await test.service.deliverNow();
}
const routeEvents = (pairId: number) => webhook.received.map((entry) => entry.json).filter((json) => String(json?.event).startsWith("route.") && json.route?.id === pairId);

describe("an offline agent's replayed spool", () => {
  it.each<[string, string, OutcomeKind[], OutcomeKind[], string]>([
    ["a pair probed from the agent alone goes down during the outage", "agent-only", [], ["ok", "timeout", "timeout"], "route.down"],
    ["a pair probed from the hub (up) and the agent (minLocations 1) goes down at the agent", "hub-and-agent", [], ["ok", "timeout", "timeout"], "route.down"],
    ["a pair announced down recovers during the outage", "recovers", ["timeout", "timeout"], ["ok"], "route.up"],
  ])("%s: announced when the replay arrives", async (_case, proxy, beforeOutage, replayed, event) => {
    const { pairId } = pairs[proxy]!;
    if (beforeOutage.length) await upload(proxy, beforeOutage);
    const told = routeEvents(pairId).length;
    // Silent for more than a minute: the hub's presence timer marked it offline.
    await setOnline(test.service.store, edge, false);
    await upload(proxy, replayed);
    expect(routeEvents(pairId).slice(told)).toEqual([expect.objectContaining({ event, route: expect.objectContaining({ id: pairId }) })]);
    expect(await readValue(test.service.store, `SELECT online FROM "Location" WHERE id = ?`, [edge])).toBe(1);
  });
});
