import { afterEach, describe, expect, it, vi } from "vitest";
import { KeptCopy } from "@/lib/settings/kept-copy";

/** A read the test answers when it wants, to order reads and sets as a race would. */
function controlledReads<T>() {
  const pending: Array<{ resolve: (value: T) => void; reject: (error: Error) => void }> = [];
  const read = () => new Promise<T>((resolve, reject) => pending.push({ resolve, reject }));
  return { read, pending };
}

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("a kept copy of a setting", () => {
  it.each([
    ["a set after the read started", (copy: KeptCopy<string>) => copy.set("saved")],
    ["a read that started later and ended first", (copy: KeptCopy<string>) => void copy.refresh()],
  ])("does not let an older read that ends late undo %s", async (_label, newer) => {
    const { read, pending } = controlledReads<string>();
    const copy = new KeptCopy("the test setting", read, "initial");
    const older = copy.refresh();
    newer(copy);
    if (pending[1]) pending[1].resolve("saved");
    await Promise.resolve();
    pending[0]!.resolve("stale");
    await older;
    expect(copy.current()).toBe("saved");
  });

  it("keeps the last copy when a read fails, and says so once until a read works again", async () => {
    const warnings: string[] = [];
    const infos: string[] = [];
    vi.spyOn(console, "error").mockImplementation((line: unknown) => void warnings.push(String(line)));
    vi.spyOn(console, "log").mockImplementation((line: unknown) => void infos.push(String(line)));
    let answer: () => Promise<number> = async () => 1;
    const copy = new KeptCopy("the test setting", () => answer(), 0);
    await copy.refresh();
    answer = async () => {
      throw new Error("no such table: Setting");
    };
    await expect(copy.refresh()).rejects.toThrow(/no such table/);
    await copy.refreshOrLog();
    await copy.refreshOrLog();
    expect(copy.current()).toBe(1);
    expect(warnings.filter((line) => line.includes("reading the test setting failed"))).toHaveLength(1);
    answer = async () => 2;
    await copy.refreshOrLog();
    expect(copy.current()).toBe(2);
    expect(infos.filter((line) => line.includes("reading the test setting works again"))).toHaveLength(1);
  });

  it("reads again on its timer, one read at a time, and stops waiting for the read in flight", async () => {
    vi.useFakeTimers();
    const { read, pending } = controlledReads<string>();
    const copy = new KeptCopy("the test setting", read, "initial");
    copy.refreshEvery(5000);
    await vi.advanceTimersByTimeAsync(5000);
    expect(pending).toHaveLength(1);
    // Still in flight: the next tick does not start another.
    await vi.advanceTimersByTimeAsync(5000);
    expect(pending).toHaveLength(1);
    let stopped = false;
    const stopping = copy.stop().then(() => (stopped = true));
    await Promise.resolve();
    expect(stopped).toBe(false);
    pending[0]!.resolve("changed elsewhere");
    await stopping;
    expect(copy.current()).toBe("changed elsewhere");
    await vi.advanceTimersByTimeAsync(20_000);
    expect(pending).toHaveLength(1);
  });
});
