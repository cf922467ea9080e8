// Run by tests/integration/memory-soak.test.ts as a child process with
// --expose-gc: probes every route kind over and over through the real route
// dispatchers and prints the heap left after a full GC at each checkpoint, as
// one JSON line. Kept apart from the fixtures so that only the prober's heap
// is measured.
import { runProbe } from "../../lib/probe/run-probe";
import { parseProxySpec } from "../../lib/routes/parse-proxy-spec";
import { RouteDispatcher } from "../../lib/routes/route-dispatcher";

interface SoakInput {
  caFile: string;
  /** Route kind → [proxy spec, base URL]. */
  routes: Record<string, [string, string]>;
  warmup: number;
  /** Probes between checkpoints (the first checkpoint follows the warm-up). */
  steps: number[];
}

const input = JSON.parse(process.argv[2] ?? "{}") as SoakInput;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with --expose-gc");

const routes = Object.entries(input.routes).map(([kind, [proxy, baseUrl]]) => ({
  kind,
  baseUrl,
  dispatcher: new RouteDispatcher(parseProxySpec(proxy), { caFile: input.caFile }),
}));
const failures: Record<string, string> = {};
let sent = 0;

/** Sends `count` probes, spread over every route kind, one at a time per route. */
async function probe(count: number): Promise<void> {
  let next = 0;
  await Promise.all(
    routes.map(async (route, index) => {
      for (let i = index; i < count; i += routes.length) {
        const result = await runProbe(route.dispatcher, { baseUrl: route.baseUrl, apiKey: "sk-soak", model: "gpt-4o-mini", probe: "models", timeoutMs: 5000 });
        if (!result.ok) failures[route.kind] = `${result.kind}: ${result.message}`;
        next += 1;
      }
    }),
  );
  sent += next;
}

async function settledHeap(): Promise<number> {
  // Let closing sockets finish and timers of finished probes fire first.
  for (let i = 0; i < 3; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    gc!();
  }
  return process.memoryUsage().heapUsed;
}

await probe(input.warmup);
const checkpoints = [{ probes: 0, heapUsed: await settledHeap() }];
let counted = 0;
for (const step of input.steps) {
  await probe(step);
  counted += step;
  checkpoints.push({ probes: counted, heapUsed: await settledHeap() });
}
await Promise.all(routes.map((route) => route.dispatcher.close()));
process.stdout.write(`${JSON.stringify({ sent, checkpoints, failures })}\n`);
process.exit(0);
