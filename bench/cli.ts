// What a `proxypulse` call costs, beside the cheapest ways to do the same:
// `help` against `node -e 0` (target: ≤ 2× its CPU), and `probe` against a
// loopback HTTPS upstream beside a bare Node script making the same request
// with https.request (target: ≤ 1.5× its wall time), both trusting the same
// roots, and curl. Each row is the
// median of RUNS runs; CPU is user+sys of the child (from /usr/bin/time).
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { childEnv } from "../tests/helpers/child-env";
import { startFakeOpenAI } from "../lib/simulator/simulated-api";
import { testPki } from "../tests/fixtures/certificates";

const RUNS = Number(process.argv[2] ?? 7);
const BIN = fileURLToPath(new URL("../bin/proxypulse.js", import.meta.url));
const API_KEY = "sk-bench-0123456789";
const MODEL = "gpt-4o-mini";

interface Sample {
  wallMs: number;
  cpuMs: number;
}

const dir = mkdtempSync(join(tmpdir(), "proxypulse-bench-cli-"));
const timeFile = join(dir, "time.txt");
const caFile = join(dir, "ca.pem");

/** One run under /usr/bin/time: wall time measured here, CPU (user+sys) from time's report. */
function measure(argv: string[], env: Record<string, string> = {}): Promise<Sample & { code: number | null }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn("/usr/bin/time", ["-o", timeFile, "-f", "%U %S", ...argv], { stdio: ["ignore", "ignore", "pipe"], env: childEnv({ ...process.env, ...env }) });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      const wallMs = performance.now() - started;
      const [user, sys] = readFileSync(timeFile, "utf8").trim().split("\n").pop()!.split(" ").map(Number);
      if (code !== 0 && code !== 2) reject(new Error(`${argv.join(" ")} exited ${code}: ${stderr}`));
      else resolve({ wallMs, cpuMs: ((user ?? 0) + (sys ?? 0)) * 1000, code });
    });
  });
}

async function median(argv: string[], env?: Record<string, string>): Promise<Sample> {
  await measure(argv, env); // warm the file cache
  const samples: Sample[] = [];
  for (let i = 0; i < RUNS; i++) samples.push(await measure(argv, env));
  const mid = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  return { wallMs: mid(samples.map((s) => s.wallMs)), cpuMs: mid(samples.map((s) => s.cpuMs)) };
}

const pki = await testPki();
writeFileSync(caFile, pki.caCert);
const api = await startFakeOpenAI({ tls: pki.server, apiKeys: [API_KEY] });
const baseUrl = api.baseUrl("ok");
const body = JSON.stringify({ model: MODEL, messages: [{ role: "user", content: "Reply with OK." }], max_completion_tokens: 1 });
// The bare script trusts what a probe trusts: Node's roots plus the test CA.
// With --ca-file a probe adds the file to Node's roots (a target's CA must not
// break its direct routes to the real API), so the fair bare counterpart of
// the main row is NODE_EXTRA_CA_CERTS for both; the second pair compares
// --ca-file with a bare script that trusts the CA file alone (`ca:`).
const bareScript = (caOption: boolean) => `
const https = require("node:https");
const fs = require("node:fs");
const body = ${JSON.stringify(body)};
const req = https.request(${JSON.stringify(`${baseUrl}/chat/completions`)}, {
  method: "POST",
  ${caOption ? `ca: fs.readFileSync(${JSON.stringify(caFile)}),` : ""}
  headers: { authorization: "Bearer ${API_KEY}", "content-type": "application/json", "content-length": Buffer.byteLength(body) },
}, (res) => { res.resume(); res.on("end", () => process.exit(res.statusCode === 200 ? 0 : 1)); });
req.end(body);
`;

try {
  const node = process.execPath;
  const fromSource = { PROXYPULSE_CLI_FROM_SOURCE: "1" };
  const rows: Array<[string, Sample]> = [
    ["node -e 0", await median([node, "-e", "0"])],
    ["proxypulse help", await median([node, BIN, "help"])],
    ["proxypulse help (tsx, no bundle)", await median([node, BIN, "help"], fromSource)],
  ];
  const probeArgs = ["probe", "--base-url", baseUrl, "--api-key", API_KEY, "--model", MODEL, "--json"];
  const extraCa = { NODE_EXTRA_CA_CERTS: caFile };
  const probeRows: Array<[string, Sample]> = [
    ["bare node https.request", await median([node, "-e", bareScript(false)], extraCa)],
    ["curl", await median(["curl", "-sS", "-o", "/dev/null", "--cacert", caFile, "-H", `authorization: Bearer ${API_KEY}`, "-H", "content-type: application/json", "--data", body, `${baseUrl}/chat/completions`])],
    ["proxypulse probe", await median([node, BIN, ...probeArgs], extraCa)],
    ["proxypulse probe (tsx, no bundle)", await median([node, BIN, ...probeArgs], { ...extraCa, ...fromSource })],
  ];
  const caFileRows: Array<[string, Sample]> = [
    ["bare node, ca: the CA file alone", await median([node, "-e", bareScript(true)])],
    ["proxypulse probe --ca-file", await median([node, BIN, ...probeArgs, "--ca-file", caFile])],
  ];
  const line = (name: string, s: Sample, note = "") => console.log(`${name.padEnd(36)} ${s.wallMs.toFixed(0).padStart(6)} ms wall ${s.cpuMs.toFixed(0).padStart(6)} ms CPU${note}`);
  console.log(`proxypulse CLI, median of ${RUNS} runs`);
  const base = rows[0]![1];
  for (const [name, s] of rows) line(name, s, name === "node -e 0" ? "" : `   CPU ${(s.cpuMs / base.cpuMs).toFixed(2)}× node -e 0${name === "proxypulse help" ? " (target ≤ 2×)" : ""}`);
  console.log("probe, both trusting Node's roots plus the test CA (NODE_EXTRA_CA_CERTS):");
  const bare = probeRows[0]![1];
  for (const [name, s] of probeRows) line(name, s, name.startsWith("bare") ? "" : `   wall ${(s.wallMs / bare.wallMs).toFixed(2)}× bare node${name === "proxypulse probe" ? " (target ≤ 1.5×)" : ""}`);
  console.log("probe --ca-file (Node's roots plus the file) beside a bare script trusting the file alone:");
  const bareCa = caFileRows[0]![1];
  for (const [name, s] of caFileRows) line(name, s, name.startsWith("bare") ? "" : `   wall ${(s.wallMs / bareCa.wallMs).toFixed(2)}× bare node`);
} finally {
  await api.close();
  rmSync(dir, { recursive: true, force: true });
}
