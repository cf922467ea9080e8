import { afterEach, describe, expect, it } from "vitest";
import { openSqlite, type Sqlite } from "@/lib/db/sqlite";
import { StorageHealth } from "@/lib/db/storage-health";
import { DatabaseWriteCheck } from "@/lib/db/write-check";
import { SqliteUpkeepStore } from "@/lib/db/store/sqlite/sqlite-upkeep-store";
import { CooldownLimiter, WindowLimiter } from "@/lib/http/rate-limiter";
import { createTempDatabase, type TempDatabase } from "../helpers/temp-database";

// The wall clock set back an hour (NTP after a VM resume, an operator) must
// not freeze what is timed in memory by wall-clock stamps: a stamp from the
// "future" is stale, not an hour of cooldown or of cached health.
const HOUR = 3_600_000;
const T = Date.parse("2026-11-29T12:00:00Z");

let temp: TempDatabase | null = null;
let sqlite: Sqlite | null = null;
afterEach(async () => {
  sqlite?.close();
  sqlite = null;
  await temp?.cleanup();
  temp = null;
});

const cases: Array<{ name: string; run: () => Promise<void> | void }> = [
  {
    name: "the probe-now cooldown does not refuse for an hour",
    run: () => {
      const cooldown = new CooldownLimiter(10_000);
      cooldown.take("all", (wait) => `wait ${wait}`, T);
      expect(() => cooldown.take("all", (wait) => `wait ${wait}`, T + 1000)).toThrow(/wait 9/);
      expect(() => cooldown.take("all", (wait) => `wait ${wait}`, T - HOUR)).not.toThrow();
    },
  },
  {
    name: "a rate-limit window does not count hits stamped after now",
    run: () => {
      const window = new WindowLimiter(2, 60_000);
      window.take("ip", (wait) => `wait ${wait}`, T);
      window.take("ip", (wait) => `wait ${wait}`, T + 1);
      expect(() => window.take("ip", (wait) => `wait ${wait}`, T + 2)).toThrow(/wait/);
      expect(() => window.take("ip", (wait) => `wait ${wait}`, T - HOUR)).not.toThrow();
    },
  },
  {
    name: "the readiness write check does not answer from its cache for an hour",
    run: async () => {
      temp = await createTempDatabase();
      sqlite = openSqlite(temp.path);
      const check = new DatabaseWriteCheck(new SqliteUpkeepStore(sqlite), "test", new StorageHealth(), 5000);
      expect(await check.run(T)).toBe(true);
      sqlite.pragma("query_only = 1");
      expect(await check.run(T + 1000)).toBe(true); // cached: asked again within 5 s
      expect(await check.run(T - HOUR)).toBe(false); // checked again: the write fails
      sqlite.pragma("query_only = 0");
    },
  },
];

describe("in-memory timing after the wall clock is set back an hour", () => {
  it.each(cases)("$name", async ({ run }) => {
    await run();
  });
});
