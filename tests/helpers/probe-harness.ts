import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { HostResolver } from "@/lib/routes/open-connection";
import { parseProxySpec } from "@/lib/routes/parse-proxy-spec";
import { RouteDispatcher } from "@/lib/routes/route-dispatcher";
import { runProbe, type ProbeOptions, type ProbeResult } from "@/lib/probe/run-probe";
import { testPki } from "../fixtures/certificates";

export const TEST_API_KEY = "sk-test-SECRETKEY0123456789";

/** Writes the test CA to a temporary file, as a user's CA file would be. */
export async function writeCaFile(): Promise<string> {
  const pki = await testPki();
  const dir = mkdtempSync(join(tmpdir(), "proxypulse-ca-"));
  const path = join(dir, "test-ca.pem");
  writeFileSync(path, pki.caCert);
  return path;
}

export interface ProbeThrough {
  proxy?: string;
  caFile?: string | null;
  resolve?: HostResolver;
  options?: Partial<ProbeOptions>;
}

/** One probe through a freshly made route, which is closed afterwards. */
export async function probeThrough(baseUrl: string, through: ProbeThrough = {}): Promise<ProbeResult> {
  const route = new RouteDispatcher(parseProxySpec(through.proxy ?? "direct"), {
    caFile: through.caFile,
    ...(through.resolve ? { resolve: through.resolve } : {}),
  });
  try {
    return await runProbe(route, {
      baseUrl,
      apiKey: TEST_API_KEY,
      model: "gpt-4o-mini",
      probe: "chat",
      timeoutMs: 3000,
      ...through.options,
    });
  } finally {
    await route.close();
  }
}
