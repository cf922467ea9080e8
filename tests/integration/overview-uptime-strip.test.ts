import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { AppRouterContext, type AppRouterInstance } from "next/dist/shared/lib/app-router-context.shared-runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RouteTable } from "@/components/overview/route-table";
import { parseOverviewFilter } from "@/lib/dashboard/filter-routes";
import { getOverview } from "@/lib/dashboard/get-overview";
import { migrateDatabase } from "@/lib/db/migrate";
import { openSqlite, type Sqlite } from "@/lib/db/sqlite";
import { MESSAGES, type Lang } from "@/lib/i18n/messages";
import { bucketStart, HOUR_MS } from "@/lib/monitoring/rollup-bucket";
import { SqliteStore } from "@/lib/db/store/sqlite/sqlite-store";

// Hour rollups as the writer stores them, by slot (0 = 23 hours ago, 23 = this hour).
type Hours = Record<number, { total: number; ok: number; kinds: Record<string, number> }>;

const now = Date.UTC(2026, 10, 30, 2, 30);
const firstSlot = bucketStart(now, HOUR_MS) - 23 * HOUR_MS;
const utc = (slot: number) => `${new Date(firstSlot + slot * HOUR_MS).toISOString().slice(0, 16).replace("T", " ")} UTC`;
const allHours = (total: number, ok: number, kinds: Record<string, number>): Hours => Object.fromEntries(Array.from({ length: 24 }, (_, i) => [i, { total, ok, kinds }]));

/** Per route: its rollups, the tone each slot must be drawn in ("." none, "o" ok, "p" partial, "b" bad), and the summary in English and Chinese. */
const CASES: Array<{ proxy: string; hours: Hours; tones: string; en: string; zh: string }> = [
  { proxy: "p-all-up", hours: allHours(60, 60, { ok: 60 }), tones: "o".repeat(24), en: "Last 24 h: 24 h up", zh: "最近 24 小时：24 小时正常" },
  { proxy: "p-no-probes", hours: {}, tones: ".".repeat(24), en: "Last 24 h: no probes", zh: "最近 24 小时：无探测" },
  {
    proxy: "p-mixed",
    hours: { 10: { total: 60, ok: 59, kinds: { ok: 59, timeout: 1 } }, 22: { total: 60, ok: 60, kinds: { ok: 60 } }, 23: { total: 4, ok: 3, kinds: { ok: 3, timeout: 1 } } },
    tones: `${".".repeat(10)}p${".".repeat(11)}ob`,
    en: `Last 24 h: 1 h up, 1 h degraded, 1 h down, 21 h without probes; worst hour ${utc(23)}: 3 ok, 1 failed · top error: Timeout`,
    zh: `最近 24 小时：1 小时正常，1 小时不稳定，1 小时中断，21 小时无探测；最差的一小时 ${utc(23)}: 3 成功, 1 失败 · 主要错误: 请求超时`,
  },
  {
    // The top error is the kind with most failures, not the first one stored.
    proxy: "p-two-kinds",
    hours: { ...allHours(60, 60, { ok: 60 }), 5: { total: 60, ok: 50, kinds: { ok: 50, timeout: 3, proxy_refused: 7 } } },
    tones: `${"o".repeat(5)}b${"o".repeat(18)}`,
    en: `Last 24 h: 23 h up, 1 h down; worst hour ${utc(5)}: 50 ok, 10 failed · top error: Proxy refused the tunnel`,
    zh: `最近 24 小时：23 小时正常，1 小时中断；最差的一小时 ${utc(5)}: 50 成功, 10 失败 · 主要错误: 代理拒绝建立隧道`,
  },
  {
    // Everything failed: the later of equally bad hours is the worst.
    proxy: "p-all-down",
    hours: allHours(2, 0, { connect_timeout: 2 }),
    tones: "b".repeat(24),
    en: `Last 24 h: 24 h down; worst hour ${utc(23)}: 0 ok, 2 failed · top error: Connect timeout`,
    zh: "",
  },
];

const window = { total: 0, ok: 0, uptime: null, p50: null, p95: null, p99: null };
const WINDOWS = JSON.stringify({ "1h": window, "24h": window, "7d": window });

function seed(db: Sqlite): void {
  db.transaction(() => {
    db.prepare(`INSERT INTO "Target" (name, baseUrl, model, probe, source, createdAt, updatedAt) VALUES ('t', 'http://127.0.0.1:9/v1', 'm', 'models', 'api', ?, ?)`).run(now, now);
    for (const { proxy, hours } of CASES) {
      const proxyId = db.prepare(`INSERT INTO "Proxy" (name, url, source, createdAt, updatedAt) VALUES (?, 'direct', 'api', ?, ?)`).run(proxy, now, now).lastInsertRowid;
      const routeId = db.prepare(`INSERT INTO "Route" (proxyId, targetId, enabled, state, okStreak, failStreak, createdAt) VALUES (?, 1, 1, 'up', 0, 0, ?)`).run(proxyId, now).lastInsertRowid;
      db.prepare(`INSERT INTO "RouteSummary" (routeId, computedAt, windows) VALUES (?, ?, ?)`).run(routeId, now, WINDOWS);
      for (const [slot, hour] of Object.entries(hours)) {
        db.prepare(`INSERT INTO "RollupHour" (routeId, bucket, total, okCount, kindCounts, latencySumMs, latencyHist) VALUES (?, ?, ?, ?, ?, 0, '[]')`).run(
          routeId,
          firstSlot + Number(slot) * HOUR_MS,
          hour.total,
          hour.ok,
          JSON.stringify(hour.kinds),
        );
      }
      // An hour just before the strip's 24 must not show.
      db.prepare(`INSERT INTO "RollupHour" (routeId, bucket, total, okCount, kindCounts, latencySumMs, latencyHist) VALUES (?, ?, 9, 0, '{"timeout":9}', 0, '[]')`).run(routeId, firstSlot - HOUR_MS);
    }
  })();
}

/** The table as the server renders it (its probe buttons need a router to exist, not to do anything). */
async function renderTable(db: Sqlite, lang: Lang): Promise<string> {
  const overview = await getOverview(new SqliteStore(db), parseOverviewFilter({}), now);
  const idle = () => {};
  const router: AppRouterInstance = { back: idle, forward: idle, refresh: idle, push: idle, replace: idle, prefetch: idle, bfcacheId: "test" };
  return renderToStaticMarkup(createElement(AppRouterContext.Provider, { value: router }, createElement(RouteTable, { routes: overview.routes, m: MESSAGES[lang], lang, now })));
}

/** Each row's strip as the browser receives it: its summary, and the tone of each slot read back from the SVG's paths. */
async function renderedStrips(db: Sqlite, lang: Lang): Promise<Map<string, { summary: string; tones: string }>> {
  const html = await renderTable(db, lang);
  const strips = new Map<string, { summary: string; tones: string }>();
  for (const row of html.split("<tr ").slice(1)) {
    const proxy = /data-testid="route-t-([^"]+)"/.exec(row)![1]!;
    const strip = /<div class="uptime-strip" role="group" tabindex="0" aria-label="([^"]*)"><svg viewBox="0 0 (\d+) 1"[^>]*>(.*?)<\/svg>/.exec(row)!;
    const tones = Array<string>(Number(strip[2])).fill("?");
    for (const [, tone, d] of strip[3]!.matchAll(/<path class="(\w+)" d="([^"]+)"/g)) {
      // A run: from slot `start`, `length` slots long (the line spans length - 0.2).
      for (const [, start, whole = ""] of d!.matchAll(/M(\d+)\.1 \.5h(\d*)\.8/g)) {
        const length = Number(whole || 0) + 1;
        for (let i = Number(start); i < Number(start) + length; i++) tones[i] = { none: ".", ok: "o", partial: "p", bad: "b" }[tone!]!;
      }
    }
    strips.set(proxy, { summary: strip[1]!.replaceAll("&amp;", "&"), tones: tones.join("") });
  }
  return strips;
}

describe("the overview's uptime strip says what the hour rollups hold", () => {
  let db: Sqlite;
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "proxypulse-strip-"));
    migrateDatabase(join(dir, "test.db"));
    db = openSqlite(join(dir, "test.db"));
    seed(db);
  });
  afterAll(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(CASES.map((c) => [c.proxy, c] as const))("%s: a tone per slot and one summary, in English and Chinese", async (proxy, expected) => {
    const en = (await renderedStrips(db, "en")).get(proxy)!;
    expect(en).toEqual({ summary: expected.en, tones: expected.tones });
    if (expected.zh) expect((await renderedStrips(db, "zh")).get(proxy)).toEqual({ summary: expected.zh, tones: expected.tones });
  });

  it("a row sends one strip element and no per-slot labels", async () => {
    const html = await renderTable(db, "en");
    expect(html.match(/class="uptime-strip"/g)).toHaveLength(CASES.length);
    expect(html).not.toMatch(/role="listitem"|title="/);
  });

  it("each row names its provider and probe kind, and the provider's label follows a change of provider", async () => {
    const rows = (await renderTable(db, "en")).split("<tr ").slice(1);
    expect(rows).toHaveLength(CASES.length);
    for (const row of rows) expect(row).toContain("OpenAI-compatible · models · Last probe:");
    db.prepare(`UPDATE "Target" SET provider = 'anthropic', probe = 'messages-stream'`).run();
    try {
      for (const row of (await renderTable(db, "en")).split("<tr ").slice(1)) expect(row).toContain("Anthropic · messages-stream · Last probe:");
    } finally {
      db.prepare(`UPDATE "Target" SET provider = 'openai', probe = 'models'`).run();
    }
  });
});
