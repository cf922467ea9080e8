import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as probesApi from "@/app/api/probes/route";
import { call, startTestService, type TestService } from "../helpers/test-service";

let test: TestService;
let scratch: string;

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), "proxypulse-ca-config-"));
  const fifo = join(scratch, "ca.fifo");
  execFileSync("mkfifo", [fifo]);
  test = await startTestService(`
probeNowCooldownSeconds: 0
targets:
  - { name: zero, baseUrl: "https://127.0.0.1:9/v1", apiKey: k, caFile: /dev/zero }
  - { name: fifo, baseUrl: "https://127.0.0.1:9/v1", apiKey: k, caFile: "${fifo}" }
  - { name: dir, baseUrl: "https://127.0.0.1:9/v1", apiKey: k, caFile: "${scratch}" }
proxies:
  - { name: direct, url: direct }
`);
});

afterAll(async () => {
  await test?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

describe("a CA file named in proxypulse.yaml", () => {
  it("goes through the same check: /dev/zero, a FIFO or a directory start no hang, and each route says why it cannot probe", async () => {
    const { json } = await call(probesApi.POST, { method: "POST", body: {} });
    expect(json.results).toHaveLength(3);
    for (const result of json.results) {
      expect(result).toMatchObject({ ok: false, message: expect.stringMatching(/^Cannot use CA file ".*": it must be a readable regular file of at most 1 MB holding PEM certificates\.$/) });
    }
  });
});
