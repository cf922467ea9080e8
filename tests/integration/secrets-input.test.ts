import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as maintenanceApi from "@/app/api/maintenance/route";
import * as testRouteApi from "@/app/api/probes/test/route";
import * as targetApi from "@/app/api/targets/[id]/route";
import * as targetsApi from "@/app/api/targets/route";
import { ConfigError, parseConfigText } from "@/lib/config/load-config";
import { writeCaFile } from "../helpers/probe-harness";
import { call, startTestService, type TestService } from "../helpers/test-service";

let test: TestService;
let scratch: string;
let caFile: string;

beforeAll(async () => {
  caFile = await writeCaFile();
  scratch = mkdtempSync(join(tmpdir(), "proxypulse-secrets-"));
  test = await startTestService(`
timeoutMs: 3000
probeNowCooldownSeconds: 0
proxies:
  - name: direct
    url: direct
`);
});

afterAll(async () => {
  await test?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

describe("a target's CA file", () => {
  const unusable = () => {
    const fifo = join(scratch, "ca.fifo");
    execFileSync("mkfifo", [fifo]);
    const big = join(scratch, "big.pem");
    writeFileSync(big, `-----BEGIN CERTIFICATE-----\n${"A".repeat(1024 * 1024 + 10)}\n`);
    const dir = join(scratch, "a-directory");
    mkdirSync(dir);
    const noPem = join(scratch, "plain.txt");
    writeFileSync(noPem, "not a certificate");
    return [
      ["/dev/zero", "/dev/zero"],
      ["a FIFO", fifo],
      ["a directory", dir],
      ["a file over 1 MB", big],
      ["a nonexistent path", join(scratch, "missing.pem")],
      ["a file without a certificate", noPem],
    ] as const;
  };
  let cases: ReturnType<typeof unusable>;
  beforeAll(() => {
    cases = unusable();
  });

  it("is refused with one neutral 400 whatever is wrong with it (create, update, test before saving)", async () => {
    const created = await call(targetsApi.POST, { method: "POST", body: { name: "ca-target", baseUrl: "https://127.0.0.1:9/v1", caFile } });
    expect(created.status).toBe(201);
    const id = String(created.json.target.id);
    for (const [what, path] of cases) {
      const message = `Cannot use CA file "${path}": it must be a readable regular file of at most 1 MB holding PEM certificates.`;
      const responses = [
        await call(targetsApi.POST, { method: "POST", body: { name: "ca-new", baseUrl: "https://127.0.0.1:9/v1", caFile: path } }),
        await call(targetApi.PATCH, { method: "PATCH", params: { id }, body: { caFile: path } }),
        await call(testRouteApi.POST, { method: "POST", body: { target: { baseUrl: "https://127.0.0.1:9/v1", caFile: path, probe: "models" } } }),
      ];
      for (const response of responses) {
        expect({ what, status: response.status, error: response.json.error }).toEqual({ what, status: 400, error: { code: "invalid_input", message, details: expect.anything() } });
      }
    }
    expect((await call(targetApi.GET, { params: { id } })).json.target.caFile).toBe(caFile);
  });
});

describe("maintenance route patterns", () => {
  const window = (routes: string[]) => ({ routes, from: "2026-12-01T02:00:00Z", to: "2026-12-01T03:00:00Z" });
  it.each([
    ["longer than 200 characters", ["x".repeat(201)], /at most 200 characters/],
    ["with more than 8 wildcards", [`${"*a".repeat(9)}`], /at most 8 '\*' wildcards/],
  ])("are refused %s, through the API and in proxypulse.yaml", async (_what, routes, message) => {
    const response = await call(maintenanceApi.POST, { method: "POST", body: window(routes) });
    expect(response.status).toBe(400);
    expect(response.json.error.message).toMatch(message);
    const yaml = `maintenance:\n  - routes: ${JSON.stringify(routes)}\n    from: "2026-12-01T02:00:00Z"\n    to: "2026-12-01T03:00:00Z"\n`;
    expect(() => parseConfigText(yaml, "proxypulse.yaml", {})).toThrow(ConfigError);
    expect(() => parseConfigText(yaml, "proxypulse.yaml", {})).toThrow(message);
  });

  it("are accepted up to the limits", async () => {
    const response = await call(maintenanceApi.POST, { method: "POST", body: window([`${"*a".repeat(8)}`, "y".repeat(200)]) });
    expect(response.status).toBe(201);
  });
});
