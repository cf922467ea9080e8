import { randomBytes } from "node:crypto";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterEach, describe, expect, it } from "vitest";
import { parseConfigText } from "@/lib/config/load-config";
import { ensureRoutes, syncConfig } from "@/lib/monitoring/sync-config";
import { SecretBox } from "@/lib/secrets/secret-box";
import { createTempDatabase, type TempDatabase } from "../helpers/temp-database";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const box = new SecretBox(randomBytes(32));
const config = (proxies: number, targets: number, top: string[] = []) =>
  parseConfigText(
    [
      ...top,
      "targets:",
      ...Array.from({ length: targets }, (_, i) => `  - name: target-${i}\n    baseUrl: https://127.0.0.1:9/v1\n    model: m`),
      "proxies:",
      ...Array.from({ length: proxies }, (_, i) => `  - name: proxy-${i}\n    url: http://127.0.0.1:${1024 + i}`),
    ].join("\n"),
    "proxypulse.yaml",
    {},
  );

let temp: TempDatabase | undefined;
afterEach(async () => {
  await temp?.cleanup();
  temp = undefined;
});

describe("syncing a large proxypulse.yaml", () => {
  it("adds and then removes more objects than SQLite takes bound parameters in one statement", async () => {
    temp = await createTempDatabase();
    const first = await syncConfig(temp.db, "sqlite", config(1500, 3), box);
    expect(first.routesCreated).toBe(4500);
    expect(await temp.db.route.count()).toBe(4500);
    const second = await syncConfig(temp.db, "sqlite", config(300, 2), box);
    expect(second.removed).toHaveLength(1200 + 1);
    expect(second.removed).toContain("proxy proxy-1499");
    expect(second.removed).toContain("target target-2");
    expect(await temp.db.proxy.count()).toBe(300);
    expect(await temp.db.route.count()).toBe(600);
    // Objects made in the dashboard are not the file's to remove.
    await temp.db.proxy.create({ data: { name: "mine", url: "direct", source: "api" } });
    await syncConfig(temp.db, "sqlite", config(300, 2), box);
    expect(await temp.db.proxy.findUnique({ where: { name: "mine" } })).not.toBeNull();
  });

  it("keeps no memory in proportion to the routes it created (Prisma caches a plan per statement shape)", async () => {
    temp = await createTempDatabase();
    const heap = () => {
      gc();
      gc();
      return process.memoryUsage().heapUsed;
    };
    await syncConfig(temp.db, "sqlite", config(2, 2), box); // the client's own start-up allocations
    const before = heap();
    await syncConfig(temp.db, "sqlite", config(100, 80), box);
    expect(await ensureRoutes(temp.db, "sqlite")).toBe(0);
    expect(await temp.db.route.count()).toBe(8000);
    // A createMany of the 8,000 missing pairs kept about 32 MB here (Prisma's plan cache), even in batches.
    expect(heap() - before).toBeLessThan(8 * 1024 * 1024);
  });

  it("places 10,000 pairs at 3 locations in a few statements, without memory in proportion to the rows", async () => {
    temp = await createTempDatabase();
    const heap = () => {
      gc();
      gc();
      return process.memoryUsage().heapUsed;
    };
    const three = ["locations:", "  - name: hk", "  - name: fra"];
    await syncConfig(temp.db, "sqlite", config(2, 2, three), box);
    const before = heap();
    const first = await syncConfig(temp.db, "sqlite", config(100, 100, three), box);
    expect(first.routesCreated).toBe(30_000 - 12);
    expect(await temp.db.route.count({ where: { assigned: true } })).toBe(30_000);
    expect(await ensureRoutes(temp.db, "sqlite")).toBe(0);
    expect(heap() - before).toBeLessThan(8 * 1024 * 1024);
    // Taking a location out of every pair unassigns its 10,000 rows in the same few statements, keeping them.
    await temp.db.proxy.updateMany({ data: { locations: JSON.stringify(["local", "hk"]) } });
    expect(await ensureRoutes(temp.db, "sqlite")).toBe(0);
    expect(await temp.db.route.count({ where: { assigned: false } })).toBe(10_000);
    expect(await temp.db.route.count()).toBe(30_000);
  });
});
