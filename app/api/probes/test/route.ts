import { apiHandler, readJson } from "@/lib/http/api-handler";
import { testRoute } from "@/lib/management/test-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Test a proxy or target before saving it: one probe, nothing stored. */
export const POST = apiHandler("admin", async (request, { service }) => {
  const input = await readJson(request);
  // Per proxy and target tested, so testing a proxy and then a target is fine.
  service.probeCooldown.take(`test:${JSON.stringify(input)}`, (wait) => `This test ran moments ago; try again in ${wait} s (probes cost quota).`);
  return { result: await testRoute(service.db, service.box, service.environment, input, service.config.timeoutMs) };
});
