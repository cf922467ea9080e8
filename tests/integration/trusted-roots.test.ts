import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import tls from "node:tls";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshPki, testPki } from "../fixtures/certificates";
import { childEnv } from "../helpers/child-env";

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), "proxypulse-roots-"));
const servers: tls.Server[] = [];
let extraPort = 0;
let filePort = 0;
let extraCa = "";
let fileCa = "";

async function serve(pki: { server: { cert: string; key: string } }): Promise<number> {
  const server = tls.createServer({ cert: pki.server.cert, key: pki.server.key }, (socket) => socket.end());
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

async function connectFromChild(env: Record<string, string>): Promise<Record<string, boolean>> {
  const { stdout } = await run(process.execPath, ["--import", "tsx", join(import.meta.dirname, "../helpers/trusted-roots-child.ts"), fileCa, String(extraPort), String(filePort)], {
    env: childEnv({ PATH: process.env.PATH, ...env }),
  });
  return JSON.parse(stdout.trim().split("\n").pop()!);
}

beforeAll(async () => {
  const [a, b] = await Promise.all([testPki(), freshPki()]);
  extraCa = join(dir, "extra-ca.pem");
  fileCa = join(dir, "file-ca.pem");
  writeFileSync(extraCa, a.caCert);
  writeFileSync(fileCa, b.caCert);
  extraPort = await serve(a);
  filePort = await serve(b);
}, 30_000);

afterAll(() => {
  for (const server of servers) server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("a target's CA file", () => {
  it("is trusted on top of Node's roots and NODE_EXTRA_CA_CERTS, and never leaks into the process-wide defaults", async () => {
    const seen = await connectFromChild({ NODE_EXTRA_CA_CERTS: extraCa });
    expect(seen).toEqual({
      [`withCaFile:${extraPort}`]: true,
      [`withCaFile:${filePort}`]: true,
      [`defaults:${extraPort}`]: true,
      [`defaults:${filePort}`]: false,
    });
  }, 30_000);

  it("trusts only what it adds when NODE_EXTRA_CA_CERTS is not set", async () => {
    const seen = await connectFromChild({});
    expect(seen).toEqual({
      [`withCaFile:${extraPort}`]: false,
      [`withCaFile:${filePort}`]: true,
      [`defaults:${extraPort}`]: false,
      [`defaults:${filePort}`]: false,
    });
  }, 30_000);
});
