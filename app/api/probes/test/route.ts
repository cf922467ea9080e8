import { apiHandler, readJson } from "@/lib/http/api-handler";
import { testRoute } from "@/lib/management/test-route";
import { takeTestBudget } from "@/lib/management/test-route-budget";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Test a proxy or target before saving it: one probe, nothing stored. */
export const POST = apiHandler("admin", async (request, { service }) => {
  const input = await readJson(request);
  // Per caller and route tested (not per exact JSON), so testing a proxy and then a target is fine.
  takeTestBudget({ cooldown: service.probeCooldown, perCaller: service.testLimiter }, service.config.probeNowCooldownSeconds, request, input);
  return { result: await testRoute(service.db, service.box, service.environment, input, service.config.timeoutMs) };
});
