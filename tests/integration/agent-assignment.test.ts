import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AgentAssignment } from "@/lib/agent/agent-protocol";
import { AssignmentCatalog } from "@/lib/agent/assignment-catalog";
import { buildAssignment } from "@/lib/agent/hub/build-assignment";
import { probeRoute } from "@/lib/monitoring/probe-route";
import { startFakeOpenAI, type FakeOpenAI } from "@/lib/simulator/simulated-api";
import { testPki } from "../fixtures/certificates";
import { writeCaFile } from "../helpers/probe-harness";
import { startTestService, type TestService } from "../helpers/test-service";

// What the hub sends an agent is enough to probe with, and the agent builds
// its routes the way the hub builds its own (RuntimeRouteSet): the API key
// from the hub's environment, the proxy's password, the CA file's contents.

let api: FakeOpenAI;
let caFile: string;
let test: TestService;
let agentDir: string;

beforeAll(async () => {
  api = await startFakeOpenAI({ tls: (await testPki()).server, apiKeys: ["sk-from-hub-env"] });
  caFile = await writeCaFile();
  agentDir = mkdtempSync(join(tmpdir(), "proxypulse-agent-catalog-"));
  test = await startTestService(
    `
targets:
  - name: tls
    baseUrl: ${api.baseUrl("ok")}
    apiKeyEnv: HUB_ONLY_API_KEY
    caFile: ${caFile}
  - name: gone-ca
    baseUrl: ${api.baseUrl("ok")}
    apiKey: sk-from-hub-env
    caFile: ${join(agentDir, "no-such-ca.pem")}
proxies:
  - name: direct
    url: direct
  - name: authed
    url: http://user:p%40ss%3Aword@127.0.0.1:9
`,
    { env: { HUB_ONLY_API_KEY: "sk-from-hub-env" } },
  );
});

afterAll(async () => {
  await test?.stop();
  await api?.close();
  rmSync(agentDir, { recursive: true, force: true });
});

describe("an agent's assignment", () => {
  it("carries what the agent needs to probe, and the agent's routes probe like the hub's", async () => {
    const sqlite = test.service.sqlite!;
    const now = Date.now();
    const id = Number(sqlite.prepare(`INSERT INTO "Location" (name, kind, source, createdAt, updatedAt) VALUES ('edge', 'agent', 'api', ?, ?)`).run(now, now).lastInsertRowid);
    sqlite.prepare(`INSERT INTO "Route" (proxyId, targetId, locationId, assigned, createdAt) SELECT proxyId, targetId, ?, 1, ? FROM "Route" WHERE locationId = 1`).run(id, now);
    const built = await buildAssignment(test.service.db, test.service.box, test.service.environment, test.service.config, { id, name: "edge", region: null, clockOffsetMs: null });
    // What crosses the wire parses as the agent reads it.
    const assignment = AgentAssignment.parse(JSON.parse(JSON.stringify(built.body)));
    expect(assignment.routes).toHaveLength(4);
    const tlsDirect = assignment.routes.find((route) => route.targetName === "tls" && route.proxyName === "direct")!;
    expect(tlsDirect.apiKey).toBe("sk-from-hub-env");
    expect(tlsDirect.caPem).toBe(readFileSync(caFile, "utf8"));
    expect(assignment.routes.find((route) => route.proxyName === "authed")!.proxy).toBe("http://user:p%40ss%3Aword@127.0.0.1:9");
    const gone = assignment.routes.find((route) => route.targetName === "gone-ca")!;
    expect(gone.caPem).toBeNull();
    expect(gone.configError).toMatch(/Cannot use CA file/);

    const catalog = new AssignmentCatalog(join(agentDir, "ca"));
    try {
      catalog.apply(assignment.routes);
      const route = catalog.get(tlsDirect.id)!;
      // The CA the hub sent, kept private in the agent's data dir.
      expect(readFileSync(route.caFile!, "utf8")).toBe(tlsDirect.caPem);
      expect(statSync(route.caFile!).mode & 0o077).toBe(0);
      const result = await probeRoute(route);
      expect(result.kind).toBe("ok");
      const unusable = await probeRoute(catalog.get(gone.id)!);
      expect(unusable.ok).toBe(false);
      expect(unusable.message).toMatch(/Cannot use CA file/);
      // The same assignment again keeps the routes as they are (same fingerprint, same dispatcher).
      const before = catalog.get(tlsDirect.id)!;
      catalog.apply(assignment.routes);
      expect(catalog.get(tlsDirect.id)!.dispatcher).toBe(before.dispatcher);
      expect(catalog.get(tlsDirect.id)!.fingerprint).toBe(before.fingerprint);
      // A route taken off the location is gone from the agent's.
      catalog.apply(assignment.routes.filter((spec) => spec.id !== tlsDirect.id));
      expect(catalog.get(tlsDirect.id)).toBeUndefined();
    } finally {
      await catalog.close();
    }
  });
});
