import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { QuotaSection } from "@/components/overview/quota-section";
import { listQuotas } from "@/lib/dashboard/list-quotas";
import { migrateDatabase } from "@/lib/db/migrate";
import { openSqlite, type Sqlite } from "@/lib/db/sqlite";
import { MESSAGES, type Lang } from "@/lib/i18n/messages";
import { SqliteStore } from "@/lib/db/store/sqlite/sqlite-store";

const now = Date.UTC(2026, 10, 30, 5, 0);

/** Targets by name: "x" out of credit, "s" quota facts seen (rate limits), "-" no snapshot yet. */
const TARGETS: Array<[string, "x" | "s" | "-"]> = [
  ["alpha", "s"],
  ["bravo", "-"],
  ["charlie", "s"],
  ["delta", "s"],
  ["echo", "s"],
  ["foxtrot", "s"],
  ["golf", "s"],
  ["hotel", "-"],
  ["xray", "x"],
  ["yankee", "x"],
];

function seed(db: Sqlite, targets: Array<[string, "x" | "s" | "-"]>): void {
  db.transaction(() => {
    for (const [name, fact] of targets) {
      const id = db.prepare(`INSERT INTO "Target" (name, baseUrl, model, probe, source, createdAt, updatedAt) VALUES (?, 'http://127.0.0.1:9/v1', 'm', 'models', 'api', ?, ?)`).run(name, now, now).lastInsertRowid;
      if (fact === "-") continue;
      db.prepare(`INSERT INTO "QuotaSnapshot" (targetId, at, limitRequests, remainingRequests, limitTokens, remainingTokens, exhausted) VALUES (?, ?, 500, 480, 90000, 1234, ?)`).run(id, now - 60_000, fact === "x" ? 1 : 0);
    }
  })();
}

async function render(db: Sqlite, lang: Lang): Promise<string> {
  return renderToStaticMarkup(createElement(QuotaSection, { quotas: await listQuotas(new SqliteStore(db)), m: MESSAGES[lang], lang, now }));
}

/** What the section shows, read back from its markup: names with a card, names with a line, and the sentence about the rest. */
function read(html: string) {
  const cards = [...html.matchAll(/<section class="panel quota[^"]*" aria-label="[^"]*" data-testid="quota-([^"]+)"/g)].map((match) => match[1]);
  const lines = [...html.matchAll(/<li data-testid="quota-([^"]+)">(.*?)<\/li>/g)].map((match) => ({ name: match[1], text: match[2]!.replace(/<[^>]+>/g, "") }));
  const unseen = /<p class="muted small" data-testid="quota-unseen">(.*?)<\/p>/.exec(html)?.[1]?.replace(/<!-- -->/g, "") ?? null;
  return { cards, lines, unseen };
}

describe("the overview's quota section", () => {
  let dir: string;
  const open = (targets: Array<[string, "x" | "s" | "-"]>) => {
    const path = join(dir, `${targets.length}.db`);
    migrateDatabase(path);
    const db = openSqlite(path);
    seed(db, targets);
    return db;
  };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "proxypulse-quota-section-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("gives cards to the first six (out of credit first), a line to the other targets with facts, one sentence to those with none", async () => {
    const db = open(TARGETS);
    try {
      const en = read(await render(db, "en"));
      expect(en.cards).toEqual(["xray", "yankee", "alpha", "charlie", "delta", "echo"]);
      expect(en.lines).toEqual([
        { name: "foxtrot", text: "foxtrot: No quota or billing error in the last probe. · requests 480 / 500 · tokens 1,234 / 90,000" },
        { name: "golf", text: "golf: No quota or billing error in the last probe. · requests 480 / 500 · tokens 1,234 / 90,000" },
      ]);
      expect(en.unseen).toBe("No quota facts yet for 2 targets: bravo, hotel");
      const zh = read(await render(db, "zh"));
      expect(zh.cards).toEqual(en.cards);
      expect(zh.unseen).toBe("2 个目标尚无额度信息：bravo, hotel");
      // The out-of-credit cards still carry their alert.
      expect(await render(db, "en")).toMatch(/data-testid="quota-xray"><div class="row"><strong>xray<\/strong>.*?role="alert"/);
    } finally {
      db.close();
    }
  });

  it("names the first ten targets with no facts and counts the rest, and an out-of-credit target past the cards says so on its line", async () => {
    const many: Array<[string, "x" | "s" | "-"]> = [
      ...Array.from({ length: 7 }, (_, i) => [`broke-${i}`, "x"] as [string, "x"]),
      ...Array.from({ length: 13 }, (_, i) => [`never-${String(i).padStart(2, "0")}`, "-"] as [string, "-"]),
    ];
    const db = open(many);
    try {
      const en = read(await render(db, "en"));
      expect(en.cards).toEqual(["broke-0", "broke-1", "broke-2", "broke-3", "broke-4", "broke-5"]);
      expect(en.lines).toEqual([{ name: "broke-6", text: "broke-6: Quota exhausted · requests 480 / 500 · tokens 1,234 / 90,000" }]);
      expect(en.unseen).toBe(`No quota facts yet for 13 targets: ${Array.from({ length: 10 }, (_, i) => `never-${String(i).padStart(2, "0")}`).join(", ")} and 3 more`);
    } finally {
      db.close();
    }
  });

  // React warns (console.error) when a list's children have no keys: the two gauges of a card are such a list.
  it("renders without a React warning", async () => {
    const db = open(TARGETS.map(([name]) => [`w-${name}`, "s"]));
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      await render(db, "en");
      expect(errors.mock.calls.map((call) => String(call[0]))).toEqual([]);
    } finally {
      errors.mockRestore();
      db.close();
    }
  });

  it("shows nothing without targets", async () => {
    const db = open([]);
    try {
      expect(await render(db, "en")).toBe("");
    } finally {
      db.close();
    }
  });
});
