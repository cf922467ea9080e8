// Issue 10 (item 4): the public status page of a route that is down shows
// since when, and no latency figure that would suggest it answers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OutcomeKind } from "@/lib/classify/kinds";
import { MESSAGES, type Lang } from "@/lib/i18n/messages";
import type { ResultToRecord } from "@/lib/db/store/result-store";
import { getStatusPage } from "@/lib/status/get-status-page";
import { renderStatusHtml } from "@/lib/status/render-status-html";
import { makeResult } from "../helpers/make-result";
import { startTestService, type TestService } from "../helpers/test-service";

let test: TestService;
const now = Date.parse("2026-11-29T12:36:30.000Z");
const MINUTE = 60_000;

beforeAll(async () => {
  test = await startTestService(`
targets:
  - name: api
    baseUrl: https://api.example.test/v1
    apiKey: sk-status-page-test
proxies:
  - name: good
    url: http://127.0.0.1:9201
  - name: dead
    url: http://127.0.0.1:9202
  - name: blip
    url: http://127.0.0.1:9203
  - name: fresh
    url: http://127.0.0.1:9204
`);
  const batch: ResultToRecord[] = [];
  for (let minute = 60; minute >= 1; minute--) {
    for (const route of test.service.catalog.list()) {
      let kind: OutcomeKind = "ok";
      // dead: answering until 38 minutes ago, failing since (down after the third failure, at 12:01:30).
      if (route.proxyName === "dead" && minute <= 37) kind = "proxy_unreachable";
      // blip: one failed probe, the latest: still up, but its latency is no longer "now".
      if (route.proxyName === "blip" && minute === 1) kind = "timeout";
      if (route.proxyName === "fresh") continue;
      batch.push({ routeId: route.id, targetId: route.targetId, result: makeResult(kind, now - minute * MINUTE, kind === "ok" ? 129 : null) });
    }
  }
  await test.service.store.results.record(batch, { downAfterFailures: 3, upAfterSuccesses: 2 }, now);
  await test.service.store.summaries.refreshWritten(test.service.catalog.list().map((route) => route.id), now);
});

afterAll(async () => {
  await test?.stop();
});

/** The status page's HTML block of each route, by proxy name. */
async function renderBlocks(lang: Lang): Promise<{ html: string; blocks: Record<string, string> }> {
  const html = renderStatusHtml(await getStatusPage(test.service.store, [], now), { m: MESSAGES[lang], lang, theme: "system" });
  const blocks: Record<string, string> = {};
  for (const block of html.split('data-testid="status-route"').slice(1)) {
    // "<strong>api via dead</strong>": the proxy's name is the last word.
    blocks[/<strong>[^<]* (\w+)<\/strong>/.exec(block)![1]!] = block.slice(0, block.indexOf('class="uptime-bar"'));
  }
  return { html, blocks };
}

describe("the status page of a down route", () => {
  it.each([
    // proxy, shows a latency, since-text
    ["good", true, null],
    ["dead", false, /Down since 12:01 UTC \(35 min\)/],
    ["blip", false, null],
    ["fresh", false, null],
  ] as const)("%s: latency shown %s, since %s", async (proxy, latency, since) => {
    const { blocks } = await renderBlocks("en");
    const block = blocks[proxy] ?? "";
    expect(block, `no block for ${proxy}`).not.toBe("");
    if (latency) expect(block).toContain("Now: 129 ms");
    else {
      expect(block).not.toContain("Now:");
      expect(block).not.toMatch(/\d+ ms/);
    }
    if (since) expect(block.replace(/<[^>]+>/g, "")).toMatch(since);
    else expect(block).not.toContain("down-since");
  });

  it("says it in Chinese too", async () => {
    const { blocks } = await renderBlocks("zh");
    const dead = blocks.dead ?? "";
    expect(dead.replace(/<[^>]+>/g, "")).toContain("自 12:01 UTC 起中断（35 分钟）");
    expect(dead).not.toContain("129");
  });

  it("gives the date when the outage began on an earlier day", async () => {
    const later = now + 24 * 60 * MINUTE;
    const html = renderStatusHtml(await getStatusPage(test.service.store, [], later), { m: MESSAGES.en, lang: "en", theme: "system" });
    expect(html.replace(/<[^>]+>/g, "")).toContain("Down since 2026-11-29 12:01 UTC (24 h 35 min)");
  });

  it("links the app's icon, so a browser does not ask for a missing /favicon.ico", async () => {
    expect((await renderBlocks("en")).html).toContain('<link rel="icon" href="/icon.svg" type="image/svg+xml">');
  });
});
