import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testPki } from "../fixtures/certificates";
import { startFakeOpenAI, type FakeOpenAI } from "@/lib/simulator/simulated-api";
import { startHttpProxy, startSocks5Proxy, type FakeProxy } from "@/lib/simulator/simulated-proxies";
import { childEnv } from "../helpers/child-env";
import { writeCaFile } from "../helpers/probe-harness";

/** The key tests/helpers/soak-probes.ts sends. */
const SOAK_API_KEY = "sk-soak";
const SOAK = fileURLToPath(new URL("../helpers/soak-probes.ts", import.meta.url));
const TSX = createRequire(import.meta.url).resolve("tsx");
/** Retained heap per probe above which memory grows with use, not with the route count. */
const MAX_BYTES_PER_PROBE = 2048;

let api: FakeOpenAI;
let caFile: string;
const proxies: Record<string, FakeProxy> = {};

beforeAll(async () => {
  const pki = await testPki();
  api = await startFakeOpenAI({ tls: pki.server, apiKeys: [SOAK_API_KEY] });
  caFile = await writeCaFile();
  Object.assign(proxies, { http: await startHttpProxy(), https: await startHttpProxy({ tls: pki.server }), socks: await startSocks5Proxy() });
});

afterAll(async () => {
  await api?.close();
  for (const proxy of Object.values(proxies)) await proxy.close();
});

interface SoakReport {
  sent: number;
  checkpoints: Array<{ probes: number; heapUsed: number }>;
  failures: Record<string, string>;
}

function soak(input: object, env: Record<string, string | undefined>): Promise<SoakReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--expose-gc", "--import", pathToFileURL(TSX).href, SOAK, JSON.stringify(input)], {
      env: childEnv({ PATH: process.env.PATH, ...env }),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.once("exit", (code) => {
      if (code === 0) resolve(JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as SoakReport);
      else reject(new Error(`soak process exited ${code}: ${stderr}`));
    });
  });
}

describe("memory under many probes", () => {
  it("retains no heap per probe on any route kind (direct, HTTP CONNECT, HTTPS proxy, SOCKS5, SOCKS5h, env)", { timeout: 120_000 }, async () => {
    const origin = api.origin;
    const local = `https://localhost:${new URL(origin).port}`;
    const routes = {
      direct: ["direct", `${origin}/ok/v1`],
      http: [proxies.http!.url, `${origin}/ok/v1`],
      https: [proxies.https!.url.replace(/^http:/, "https:"), `${local}/ok/v1`],
      socks5: [proxies.socks!.url, `${origin}/ok/v1`],
      socks5h: [proxies.socks!.url.replace(/^socks5:/, "socks5h:"), `${local}/ok/v1`],
      env: ["env", `${origin}/ok/v1`],
    };
    const report = await soak({ caFile, routes, warmup: 200, steps: [500, 1500] }, { HTTPS_PROXY: proxies.http!.url, NO_PROXY: "" });

    expect(report.failures).toEqual({});
    expect(report.sent).toBe(2200);
    const [, afterFirst, afterSecond] = report.checkpoints;
    const bytesPerProbe = (afterSecond!.heapUsed - afterFirst!.heapUsed) / (afterSecond!.probes - afterFirst!.probes);
    expect(bytesPerProbe, `retained ${Math.round(bytesPerProbe)} bytes per probe: ${JSON.stringify(report.checkpoints)}`).toBeLessThan(MAX_BYTES_PER_PROBE);
  });
});
