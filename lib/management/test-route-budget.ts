import { createHash } from "node:crypto";
import { bearerToken } from "../auth/admin-token";
import { readCookie, SESSION_COOKIE } from "../auth/session";
import { WindowLimiter, type CooldownLimiter } from "../http/rate-limiter";
import { parseProxySpec } from "../routes/parse-proxy-spec";
import { TestRouteInput } from "./test-route";

/** Tests one caller may run per minute, whatever it tests: each spends quota and reaches out. */
export const TESTS_PER_MINUTE = 6;

/** The per-caller window a service keeps for "test before saving" (beside its probe-now cooldown). */
export function createTestLimiter(): WindowLimiter {
  return new WindowLimiter(TESTS_PER_MINUTE, 60_000);
}

/**
 * "Test before saving" budget. Keyed by who asks (the admin session, or the
 * bearer token) and by what is tested (the proxy's host:port and the API's
 * origin, or the saved objects' ids), not by the request's exact JSON, which
 * a trivial variation (another model, a trailing slash, key order) changed.
 * The same route: once per cooldown; any routes: TESTS_PER_MINUTE per caller.
 */
export function takeTestBudget(
  limits: { cooldown: CooldownLimiter; perCaller: WindowLimiter },
  cooldownSeconds: number,
  request: Request,
  input: unknown,
  now: number = Date.now(),
): void {
  if (cooldownSeconds <= 0) return;
  const parsed = TestRouteInput.safeParse(input);
  // Invalid input is refused before anything is sent: it costs nothing.
  if (!parsed.success) return;
  const caller = callerOf(request);
  limits.cooldown.take(`test:${caller}:${routeIdentity(parsed.data)}`, (wait) => `This route was tested moments ago; try again in ${wait} s (probes cost quota).`, now);
  limits.perCaller.take(`test:${caller}`, (wait) => `At most ${TESTS_PER_MINUTE} tests a minute; try again in ${wait} s (probes cost quota).`, now);
}

function callerOf(request: Request): string {
  const credential = bearerToken(request.headers.get("authorization")) ?? readCookie(request.headers.get("cookie"), SESSION_COOKIE) ?? "";
  return createHash("sha256").update(credential).digest("hex").slice(0, 32);
}

function routeIdentity(input: TestRouteInput): string {
  let proxy = input.proxyId ? `proxy#${input.proxyId}` : "direct";
  if (input.proxyUrl) {
    try {
      const spec = parseProxySpec(input.proxyUrl);
      proxy = spec.protocol === "direct" || spec.protocol === "env" ? spec.protocol : `${spec.host.toLowerCase()}:${spec.port}`;
    } catch {
      proxy = "invalid";
    }
  }
  const target = input.target ? new URL(input.target.baseUrl).origin : `target#${input.targetId}`;
  return `${proxy}>${target}`;
}
