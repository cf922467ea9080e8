import { rmSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as probesApi from "@/app/api/probes/route";
import { startFakeOpenAI, type FakeOpenAI } from "@/lib/simulator/simulated-api";
import { testPki } from "../fixtures/certificates";
import { writeCaFile } from "../helpers/probe-harness";
import { call, startTestService } from "../helpers/test-service";

// SIGTERM while an admin's "probe now" is in flight: the probes it started
// finish and are stored like the scheduler's own, and the request gets its
// answer, rather than a 500 from a writer that was closed under it.
let api: FakeOpenAI;
let caFile: string;

beforeAll(async () => {
  api = await startFakeOpenAI({ tls: (await testPki()).server, slowMs: 800 });
  caFile = await writeCaFile();
});

afterAll(async () => {
  await api?.close();
});

async function waitFor(check: () => boolean, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("stop() during a burst of probe-now", () => {
  it("waits for the probes in flight, stores their results and answers the requests; a probe-now after stop is refused with 503", async () => {
    const test = await startTestService(`
intervalSeconds: 300
probeNowCooldownSeconds: 0
targets:
  - name: slow
    baseUrl: ${api.baseUrl("slow")}
    apiKey: ${api.apiKey}
    probe: models
    caFile: ${caFile}
proxies:
  - name: direct
    url: direct
  - name: direct2
    url: direct
`);
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const burst = [0, 1, 2].map(() => call(probesApi.POST, { method: "POST", path: "/api/probes", body: {} }));
      await waitFor(() => api.hits("slow") >= 6, 5000);
      await test.service.stop(10_000);
      const answers = await Promise.all(burst);
      for (const answer of answers) {
        expect(answer.status, answer.text).toBe(200);
        expect(answer.json.results).toHaveLength(2);
        for (const result of answer.json.results) expect(result.kind).toBe("ok");
      }
      const db = new Database(join(test.dir, "pp.db"), { readonly: true });
      try {
        expect((db.prepare(`SELECT COUNT(*) AS n FROM "ProbeResult"`).get() as { n: number }).n).toBe(6);
      } finally {
        db.close();
      }
      const late = await call(probesApi.POST, { method: "POST", path: "/api/probes", body: {} });
      expect(late.status).toBe(503);
      expect(late.json.error.code).toBe("shutting_down");
      expect(errors.mock.calls.map((args) => args.map(String).join(" ")).filter((line) => /unexpected error/.test(line))).toEqual([]);
    } finally {
      errors.mockRestore();
      await test.stop();
      rmSync(test.dir, { recursive: true, force: true });
    }
  }, 30_000);
});
