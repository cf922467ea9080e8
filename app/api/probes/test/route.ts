import { apiHandler, readJson } from "@/lib/http/api-handler";
import { testRoute } from "@/lib/management/test-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Test a proxy or target before saving it: one probe, nothing stored. */
export const POST = apiHandler("admin", async (request, { service }) => {
  const input = await readJson(request);
  service.probeCooldown.take("test", (wait) => `A test ran moments ago; try again in ${wait} s (probes cost quota).`);
  return { result: await testRoute(service.db, service.box, service.environment, input, service.config.timeoutMs) };
});
