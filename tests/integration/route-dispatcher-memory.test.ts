import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { parseProxySpec } from "@/lib/routes/parse-proxy-spec";
import { RouteDispatcher } from "@/lib/routes/route-dispatcher";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

describe("RouteDispatcher memory", () => {
  it.each([
    { outcome: "a result", run: async () => ({ payload: new Array(1000).fill("x") }) },
    {
      outcome: "a failure",
      run: async () => {
        throw Object.assign(new Error("failed"), { payload: new Array(1000).fill("x") });
      },
    },
  ])("keeps nothing of an exchange that ended with $outcome (one route each, thousands of routes)", async ({ run }) => {
    const route = new RouteDispatcher(parseProxySpec("direct"));
    let ref: WeakRef<object> | undefined;
    await route
      .exchange(new AbortController().signal, async () => {
        try {
          const value = await run();
          ref = new WeakRef(value);
          return value;
        } catch (error) {
          ref = new WeakRef(error as object);
          throw error;
        }
      })
      .catch(() => undefined);
    for (let i = 0; i < 3; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      gc();
    }
    expect(ref!.deref()).toBeUndefined();
    await route.close();
  });
});
