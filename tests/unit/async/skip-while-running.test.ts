import { describe, expect, it } from "vitest";
import { skipWhileRunning } from "@/lib/async/skip-while-running";

describe("a timer's asynchronous work", () => {
  it("is skipped while the previous run has not ended, and runs again once it has", async () => {
    let runs = 0;
    let finish: () => void = () => undefined;
    const tick = skipWhileRunning(() => {
      runs++;
      return new Promise<void>((resolve) => (finish = resolve));
    });
    tick();
    tick();
    tick();
    expect(runs).toBe(1);
    finish();
    // The run's end is seen after its promise settles.
    await new Promise((resolve) => setImmediate(resolve));
    tick();
    expect(runs).toBe(2);
    finish();
  });
});

describe("waiting for a timer's run in flight", () => {
  it("resolves once the run ends, at once when none runs", async () => {
    let finish: () => void = () => undefined;
    let ended = false;
    const tick = skipWhileRunning(async () => {
      await new Promise<void>((resolve) => (finish = resolve));
      ended = true;
    });
    await tick.idle();
    tick();
    const idle = tick.idle();
    finish();
    await idle;
    expect(ended).toBe(true);
  });
});
