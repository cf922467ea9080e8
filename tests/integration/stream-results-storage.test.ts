import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getRouteDetail } from "@/lib/dashboard/get-route-detail";
import { getStreamSeries } from "@/lib/dashboard/get-stream-series";
import type { ResultToRecord } from "@/lib/db/store/result-store";
import type { Store } from "@/lib/db/store/store";
import { makeResult } from "../helpers/make-result";
import { createTestStore, type TestStore } from "../helpers/test-store";

// What a streaming probe measured is stored with its result, read back by the
// API, and charted per step (time to first token p50/p95, output speed). On
// SQLite, and on PostgreSQL in the "postgresql" project (vitest.config.ts).

const thresholds = { downAfterFailures: 3, upAfterSuccesses: 2 };
const MINUTE = 60_000;
const T0 = Date.UTC(2026, 10, 30, 10, 0, 0);
let temp: TestStore;
let store: Store;
let routeId: number;
let targetId: number;

beforeEach(async () => {
  temp = await createTestStore();
  store = temp.store;
  const target = await temp.prisma.target.create({ data: { name: "claude", baseUrl: "https://api.anthropic.test", model: "claude-haiku-4-5", provider: "anthropic", probe: "messages-stream" } });
  const proxy = await temp.prisma.proxy.create({ data: { name: "p", url: "direct" } });
  routeId = (await temp.prisma.route.create({ data: { proxyId: proxy.id, targetId: target.id } })).id;
  targetId = target.id;
});
afterEach(async () => {
  await temp.cleanup();
});

const record = (batch: ResultToRecord[]) => store.results.record(batch, thresholds, Date.now());

const streamed = (at: number, ttftMs: number, streamMs: number, outputTokens: number | null) =>
  makeResult("ok", at, ttftMs + streamMs, {
    probe: "messages-stream",
    usage: outputTokens === null ? null : { promptTokens: 24, completionTokens: outputTokens, totalTokens: 24 + outputTokens },
    stream: { ttftMs, streamMs, chunks: 20, maxGapMs: 31.25, outputTokens, tokensPerSecond: null },
  });

describe("stored stream figures", () => {
  it("read back through the results API with midStream, exactly as measured", async () => {
    const midStream = makeResult("server_error", T0 + 1000, 400, { httpStatus: 200, midStream: true, stream: { ttftMs: 210.37, streamMs: 95.5, chunks: 10, maxGapMs: 12.01, outputTokens: null, tokensPerSecond: null } });
    await record([{ routeId, targetId, result: streamed(T0, 320.45, 475.2, 20) }, { routeId, targetId, result: midStream }, { routeId, targetId, result: makeResult("ok", T0 + 2000, 90) }]);
    const [plain, error, first] = await store.history.listResults({ routeId, from: T0 - 1, to: T0 + 10_000, limit: 10 });
    expect(first).toMatchObject({ midStream: false, stream: { ttftMs: 320.45, streamMs: 475.2, maxGapMs: 31.25, chunks: 20, tokensPerSecond: 42.1 } });
    expect(error).toMatchObject({ kind: "server_error", midStream: true, stream: { ttftMs: 210.37, streamMs: 95.5, maxGapMs: 12.01, chunks: 10, tokensPerSecond: null } });
    expect(plain).toMatchObject({ midStream: false, stream: null });
  });

  it("chart per step: TTFT p50 and p95 by nearest rank, median tokens/s, empty steps kept", async () => {
    const results = [
      // Minute 0: five streams.
      ...[100, 200, 300, 400, 1000].map((ttft, i) => streamed(T0 + i * 1000, ttft, 500, 20)),
      // Minute 2: one stream without usage (no speed), one failure without stream figures.
      streamed(T0 + 2 * MINUTE, 250, 400, null),
      makeResult("timeout", T0 + 2 * MINUTE + 500, 15_000),
    ];
    await record(results.map((result) => ({ routeId, targetId, result })));
    const points = await getStreamSeries(store, routeId, T0, T0 + 3 * MINUTE, MINUTE);
    expect(points).toEqual([
      { t: new Date(T0).toISOString(), streams: 5, ttftP50: 300, ttftP95: 1000, tokensPerSecond: 40 },
      { t: new Date(T0 + MINUTE).toISOString(), streams: 0, ttftP50: null, ttftP95: null, tokensPerSecond: null },
      { t: new Date(T0 + 2 * MINUTE).toISOString(), streams: 1, ttftP50: 250, ttftP95: 250, tokensPerSecond: null },
    ]);
  });

  it("the route page's detail carries the provider, the kind and the stream series for a streaming kind only", async () => {
    await record([{ routeId, targetId, result: streamed(T0, 300, 500, 20) }]);
    const detail = await getRouteDetail(store, routeId, "1h", T0 + 5 * MINUTE);
    expect(detail.probe).toEqual({ provider: "anthropic", kind: "messages-stream", streaming: true });
    expect(detail.stream!.some((point) => point.streams === 1 && point.ttftP50 === 300)).toBe(true);
    await temp.prisma.target.update({ where: { id: targetId }, data: { probe: "messages" } });
    expect(await getRouteDetail(store, routeId, "1h", T0 + 5 * MINUTE)).toMatchObject({ probe: { kind: "messages", streaming: false }, stream: null });
  });
});
