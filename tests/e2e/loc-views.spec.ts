// Issue 12 (views): a route probed from three locations (the hub, hk-vps,
// sg-vps) shows a dot per location on the overview, a location selector on
// its page, and "down in 1 of 3 locations" (degraded, not down) on the
// public status page.
//
// The spec makes a target of its own, adds the two locations and the
// route's rows there straight into the server's database, and stores results
// for them through the result-recording path (as an agent's batches are
// stored); it deletes what it made at the end.
import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import { recordResultsNow } from "../../lib/db/store/sqlite/sqlite-result-store";
import { makeResult } from "../helpers/make-result";
import { E2E, e2eFixtures } from "./e2e-env";
import { logIn } from "./log-in";

test.describe.configure({ mode: "serial" });

const ADMIN = { authorization: `Bearer ${E2E.adminToken}` };
const made: { target?: number; pair?: number; locations: number[] } = { locations: [] };

test.beforeAll(async ({ request }) => {
  const fixtures = e2eFixtures();
  const target = await request.post("/api/targets", { headers: ADMIN, data: { name: "zzloc", baseUrl: fixtures.okBaseUrl, apiKey: E2E.uiApiKey, probe: "models", intervalSeconds: 86_400 } });
  expect(target.status(), await target.text()).toBe(201);
  made.target = ((await target.json()) as { target: { id: number } }).target.id;
  const listed = await request.get("/api/routes?target=zzloc&proxy=direct", { headers: ADMIN });
  expect(listed.status(), await listed.text()).toBe(200);
  const pair = ((await listed.json()) as { routes: Array<{ id: number; targetId: number }> }).routes[0]!;
  made.pair = pair.id;

  const db = new Database(fixtures.dbFile);
  db.pragma("busy_timeout = 5000");
  const now = Date.now();
  const rows: Record<string, number> = { local: pair.id };
  db.transaction(() => {
    for (const [name, region] of [["hk-vps", "Hong Kong"], ["sg-vps", null]] as const) {
      const location = Number(db.prepare(`INSERT INTO "Location" (name, region, kind, source, online, createdAt, updatedAt) VALUES (?, ?, 'agent', 'api', 1, ?, ?)`).run(name, region, now, now).lastInsertRowid);
      made.locations.push(location);
      rows[name] = Number(
        db
          .prepare(`INSERT INTO "Route" (proxyId, targetId, enabled, state, okStreak, failStreak, createdAt, locationId, assigned) SELECT proxyId, targetId, 1, 'unknown', 0, 0, ?, ?, 1 FROM "Route" WHERE id = ?`)
          .run(now, location, pair.id).lastInsertRowid,
      );
    }
  })();
  // The hub and sg-vps answer, hk-vps times out: down in 1 of 3 locations.
  const result = (location: string, kind: "ok" | "timeout", at: number) => ({ routeId: rows[location]!, targetId: pair.targetId, result: makeResult(kind, at, kind === "ok" ? 120 : null) });
  recordResultsNow(db, [result("local", "ok", now - 3000), result("sg-vps", "ok", now - 2000), result("hk-vps", "timeout", now - 1000)], { downAfterFailures: 1, upAfterSuccesses: 1 });
  db.close();
});

// The server marks an agent's location offline after 60 s without a heartbeat; these locations have no agent, so each test starts with them just heard from.
test.beforeEach(() => {
  const db = new Database(e2eFixtures().dbFile);
  db.pragma("busy_timeout = 5000");
  for (const id of made.locations) db.prepare(`UPDATE "Location" SET online = 1, lastSeenAt = ? WHERE id = ?`).run(Date.now(), id);
  db.close();
});

test.afterAll(async ({ request }) => {
  if (made.target !== undefined) await request.delete(`/api/targets/${made.target}`, { headers: ADMIN });
  const db = new Database(e2eFixtures().dbFile);
  db.pragma("busy_timeout = 5000");
  for (const id of made.locations) db.prepare(`DELETE FROM "Location" WHERE id = ?`).run(id);
  db.close();
});

test("the overview shows a dot per location, the locations named above them", async ({ page }) => {
  await logIn(page, "/?target=zzloc");
  await expect(page.getByTestId("location-columns")).toHaveText(/local\s*hk-vps\s*sg-vps/);
  const row = page.getByTestId("route-zzloc-direct");
  await expect(row.locator(".state")).toHaveText("Degraded");
  const dots = row.getByTestId("location-dots");
  await expect(dots.getByRole("img", { name: "hk-vps: Down" })).toBeVisible();
  await expect(dots.getByRole("img", { name: "local: Up" })).toBeVisible();
  await expect(dots.getByRole("img", { name: "sg-vps: Up" })).toBeVisible();
});

test("a route's page lists its locations and shows the chosen one's charts", async ({ page }) => {
  await logIn(page, `/routes/${made.pair}`);
  const panel = page.getByTestId("route-locations");
  await expect(panel.getByTestId("location-line-hk-vps")).toContainText("hk-vps (Hong Kong): Down since");
  await expect(panel.getByTestId("location-line-local")).toContainText("last probe");
  const selector = panel.getByTestId("location-selector");
  await expect(selector.getByRole("link", { name: "local" })).toHaveAttribute("aria-current", "true");
  await selector.getByRole("link", { name: "hk-vps" }).click();
  await page.waitForURL((url) => url.searchParams.get("location") === "hk-vps");
  await expect(selector.getByRole("link", { name: "hk-vps" })).toHaveAttribute("aria-current", "true");
  await expect(panel).toContainText("as probed from hk-vps");
  // The range links keep the location.
  await expect(page.getByRole("navigation", { name: "Range" }).getByRole("link", { name: "7d" })).toHaveAttribute("href", new RegExp(`/routes/${made.pair}\\?range=7d&location=hk-vps`));
});

test("the status page reads the route as degraded: down in 1 of 3 locations", async ({ page }) => {
  await page.goto("/status");
  const line = page.getByTestId("status-route").filter({ hasText: "zzloc via direct" });
  await expect(line).toHaveCount(1);
  await expect(line.getByTestId("down-in")).toHaveText("down in 1 of 3 locations");
  await expect(line.locator(".state")).toHaveText("Degraded");
  await expect(line.getByRole("img", { name: "hk-vps: Down" })).toBeVisible();
});

test("a location whose agent went silent shows an offline dot and no longer holds the route degraded", async ({ page }) => {
  const db = new Database(e2eFixtures().dbFile);
  db.pragma("busy_timeout = 5000");
  const hk = made.locations[0]!;
  db.prepare(`UPDATE "Location" SET online = 0 WHERE id = ?`).run(hk);
  db.close();
  try {
    await logIn(page, "/?target=zzloc");
    const row = page.getByTestId("route-zzloc-direct");
    await expect(row.locator(".state")).toHaveText("Up");
    const dot = row.getByTestId("location-dots").getByRole("img", { name: "hk-vps: offline, last reported Down" });
    await expect(dot).toBeVisible();
    await expect(dot).toHaveClass(/\boffline\b/);
    await page.goto(`/routes/${made.pair}`);
    await expect(page.getByTestId("location-line-hk-vps")).toContainText("hk-vps (Hong Kong): offline; what it last reported: Down since");
    await expect(page.getByTestId("location-line-sg-vps").getByTestId("location-offline")).toHaveCount(0);
    // The public page is rendered at most every 5 s.
    const line = page.getByTestId("status-route").filter({ hasText: "zzloc via direct" });
    await expect(async () => {
      await page.goto("/status");
      await expect(line.getByRole("img", { name: "hk-vps: offline, last reported Down" })).toBeVisible({ timeout: 500 });
    }).toPass({ timeout: 15_000 });
    await expect(line.getByTestId("down-in")).toHaveCount(0);
    await expect(line.locator(".state")).toHaveText("Up");
  } finally {
    const after = new Database(e2eFixtures().dbFile);
    after.pragma("busy_timeout = 5000");
    after.prepare(`UPDATE "Location" SET online = 1 WHERE id = ?`).run(hk);
    after.close();
  }
});
