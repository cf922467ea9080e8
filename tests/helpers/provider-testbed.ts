import { afterAll, beforeAll } from "vitest";
import type { FakeOpenAI, FakeOpenAIOptions } from "@/lib/simulator/simulated-api";
import { startHttpProxy, startSocks5Proxy, type FakeProxy } from "@/lib/simulator/simulated-proxies";
import { testPki } from "../fixtures/certificates";
import { probeThrough, writeCaFile, type ProbeThrough } from "./probe-harness";

/** A simulated provider API over TLS, the CA file that trusts it, and real HTTP CONNECT and SOCKS5 proxies on loopback. */
export interface ProviderTestbed {
  api: FakeOpenAI;
  caFile: string;
  httpProxy: FakeProxy;
  socksProxy: FakeProxy;
  /** One probe of this provider through a proxy (the HTTP CONNECT one unless named), with the given defaults. */
  probe(baseUrl: string, options?: ProbeThrough["options"], proxy?: string): ReturnType<typeof probeThrough>;
}

/**
 * Starts the testbed before the file's tests and stops it after. The fields
 * are filled in by beforeAll: read them inside tests, not at collection.
 */
export function useProviderTestbed(start: (options: Omit<FakeOpenAIOptions, "dialect">) => Promise<FakeOpenAI>, defaults: ProbeThrough["options"]): ProviderTestbed {
  const bed = {} as ProviderTestbed;
  beforeAll(async () => {
    const pki = await testPki();
    bed.caFile = await writeCaFile();
    bed.api = await start({ tls: pki.server });
    bed.httpProxy = await startHttpProxy();
    bed.socksProxy = await startSocks5Proxy();
    bed.probe = (baseUrl, options = {}, proxy = bed.httpProxy.url) => probeThrough(baseUrl, { proxy, caFile: bed.caFile, options: { ...defaults, ...options } });
  });
  afterAll(async () => {
    await Promise.all([bed.api?.close(), bed.httpProxy?.close(), bed.socksProxy?.close()]);
  });
  return bed;
}
