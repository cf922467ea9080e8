import { afterEach, describe, expect, it, vi } from "vitest";
import { describeStorageError, isStorageError, StorageHealth } from "@/lib/db/storage-health";

const sqliteError = (code: string) => Object.assign(new Error("sqlite said so"), { code });

describe("isStorageError / describeStorageError", () => {
  it.each([
    { code: "SQLITE_FULL", storage: true, text: "SQLITE_FULL (disk full)" },
    { code: "SQLITE_READONLY", storage: true, text: "SQLITE_READONLY (the database file or its directory is read-only)" },
    { code: "SQLITE_READONLY_DIRECTORY", storage: true, text: "SQLITE_READONLY_DIRECTORY (the database file or its directory is read-only)" },
    { code: "SQLITE_READONLY_DBMOVED", storage: true, text: "SQLITE_READONLY_DBMOVED (the database file or its directory is read-only)" },
    { code: "SQLITE_IOERR_WRITE", storage: true, text: "SQLITE_IOERR_WRITE (input/output error)" },
    // What a start on a full disk (tmpfs) gets: the shared-memory file beside the database cannot grow.
    { code: "SQLITE_IOERR_SHMSIZE", storage: true, text: "SQLITE_IOERR_SHMSIZE (no space for the shared-memory file beside the database: disk full?)" },
    { code: "SQLITE_CANTOPEN", storage: true, text: "SQLITE_CANTOPEN (the database file cannot be opened)" },
    { code: "SQLITE_BUSY", storage: true, text: "SQLITE_BUSY (another process holds the database lock)" },
    // A bug in a statement is not the disk's fault: not retried as one.
    { code: "SQLITE_CONSTRAINT_FOREIGNKEY", storage: false, text: "SQLITE_CONSTRAINT_FOREIGNKEY" },
    { code: "SQLITE_ERROR", storage: false, text: "SQLITE_ERROR" },
    { code: "ENOSPC", storage: false, text: "sqlite said so" },
  ])("$code", ({ code, storage, text }) => {
    expect(isStorageError(sqliteError(code))).toBe(storage);
    expect(describeStorageError(sqliteError(code))).toBe(text);
  });
});

describe("StorageHealth", () => {
  afterEach(() => vi.restoreAllMocks());

  it("logs a cause once however many writers and attempts hit it, and once when all work again", () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const infos = vi.spyOn(console, "log").mockImplementation(() => undefined);
    const health = new StorageHealth();
    health.report("results", null, 1000);
    for (let at = 2000; at < 60_000; at += 3000) {
      health.report("results", sqliteError("SQLITE_FULL"), at);
      health.report("scheduler lease", sqliteError("SQLITE_FULL"), at);
    }
    expect(errors.mock.calls.map((call) => call.join(" "))).toEqual(["[proxypulse] error cannot write to the database: SQLITE_FULL (disk full)"]);
    expect(health.status()).toMatchObject({ ok: false, lastWriteAt: 1000 });
    expect(health.status().failures.map((failure) => [failure.source, failure.since])).toEqual([
      ["results", 2000],
      ["scheduler lease", 2000],
    ]);

    health.report("results", null, 64_000);
    expect(health.status().ok).toBe(false); // the lease still fails
    // Ran without error but wrote nothing: clears, yet is no write.
    health.clear("scheduler lease", 65_000);
    expect(health.status()).toEqual({ ok: true, failures: [], lastWriteAt: 64_000 });
    expect(infos.mock.calls.map((call) => call.join(" "))).toEqual(["[proxypulse] info database writes work again (they failed for 63 s)"]);
  });
});
