import { afterAll, beforeAll } from "vitest";
import { startTestService, type TestService } from "../../helpers/test-service";

/** The hardening tests' key: it must never appear in anything they read back. */
export const HARDENING_API_KEY = "sk-attack-test-key";

/** One unreachable proxy without credentials. */
const ONE_PROXY = [{ name: "p", url: "http://127.0.0.1:9401" }];

/**
 * A service with one target and the given (unreachable) proxies for the
 * file's tests, started before them and stopped after.
 */
export function useHardeningService(proxies: Array<{ name: string; url: string }> = ONE_PROXY): { readonly service: TestService["service"] } {
  let test: TestService | undefined;
  beforeAll(async () => {
    test = await startTestService(`
targets:
  - name: api
    baseUrl: https://api.example.test/v1
    apiKey: ${HARDENING_API_KEY}
proxies:
${proxies.map((proxy) => `  - name: ${proxy.name}\n    url: ${proxy.url}`).join("\n")}
`);
  });
  afterAll(async () => {
    await test?.stop();
  });
  return {
    get service() {
      if (!test) throw new Error("the hardening service is used before beforeAll ran");
      return test.service;
    },
  };
}
