import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeOpenAI } from "@/lib/simulator/simulated-api";
import { addAgentLocation, directRoutesYaml, hubWorkspace, startAgent, startHub, type Hub, type HubWorkspace, type Proc } from "../helpers/agent-testbed";

/**
 * An agent whose spool can no longer be written (a full disk: here a file
 * size limit) loses its results; it must say so once, not once per probe,
 * keep going, and tell the hub how many it lost, which the hub's log says.
 */
let api: FakeOpenAI;
let ws: HubWorkspace;
let hub: Hub;
let agent: Proc;
let dataDir: string;

beforeAll(async () => {
  api = await startFakeOpenAI({ apiKeys: ["sk-full"] });
  ws = hubWorkspace(directRoutesYaml({ baseUrl: api.baseUrl("ok"), apiKey: "sk-full", routes: 20 }));
  hub = await startHub(ws);
  dataDir = mkdtempSync(join(tmpdir(), "proxypulse-agent-full-"));
}, 60_000);

afterAll(async () => {
  await agent?.kill();
  await hub?.kill();
  await api?.close();
  ws?.remove();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe("an agent whose spool cannot be written", () => {
  it("says so once, keeps probing, and the hub's log counts the results lost", { timeout: 90_000 }, async () => {
    const location = addAgentLocation(ws.db, "full");
    agent = startAgent(["--hub", hub.url, "--data-dir", dataDir, "--heartbeat-seconds", "1"], { PROXYPULSE_AGENT_TOKEN: location.token }, [], { fileSizeBlocks: 160 });
    await agent.waitForOutput(/cannot write the spool in .*: results are lost until it can be written again/, 60_000);
    await hub.waitForOutput(/probe agent at location full lost \d+ result\(s\) \(its spool is full or cannot be written; \d+ in all\)/, 30_000);
    // Still probing (and still losing) a while later: the agent's message does not repeat, nor the hub's within a minute.
    const lost = () => Number(/lost \d+ result\(s\) \(its spool is full or cannot be written; (\d+) in all\)/.exec(hub.output())![1]);
    await new Promise((resolve) => setTimeout(resolve, 6000));
    expect(lost()).toBeGreaterThan(0);
    expect(hub.output().match(/lost \d+ result\(s\)/g)).toHaveLength(1);
    expect(agent.output().match(/cannot write the spool/g)).toHaveLength(1);
    expect(agent.output()).not.toMatch(/failed to run/);
    expect(agent.child.exitCode).toBeNull();
  });
});
