import { classification, describeNonApiBody, type Classification } from "../../classify/classify-outcome";
import type { ApiAnswer } from "../provider";

/**
 * What an error answer from the Gemini API means. Its errors read
 * `{"error":{"code":400,"message":…,"status":"INVALID_ARGUMENT","details":[…]}}`
 * (google.rpc.Status); the HTTP status alone misleads, so the words and
 * details decide:
 * - a wrong key is a 400 INVALID_ARGUMENT whose ErrorInfo reason is
 *   API_KEY_INVALID ("API key not valid. Please pass a valid API key.");
 * - an unsupported region is a 400 FAILED_PRECONDITION, "User location is
 *   not supported for the API use.";
 * - a 429 RESOURCE_EXHAUSTED is a rate limit or a spent quota by its
 *   QuotaFailure: a per-day quota, or a limit of 0 (the free tier shut for
 *   the model), is spent until it resets.
 */
export function classifyGeminiAnswer({ status, body }: ApiAnswer): Classification {
  const apiError = apiErrorFields(body?.json);
  const base = { httpStatus: status, apiErrorCode: apiError?.reason ?? null, apiErrorType: apiError?.status ?? null };
  const message = apiError?.message ?? describeNonApiBody(status, body);

  if (apiError === null) return classification(status === 429 ? "rate_limited" : "unexpected_response", message, base);
  if (status === 429 || apiError.status === "RESOURCE_EXHAUSTED") {
    const spent = apiError.quotaIds.some((id) => /PerDay/i.test(id)) || /\blimit: 0\b/.test(message);
    const retry = apiError.retryDelay ? ` (retry in ${apiError.retryDelay})` : "";
    return classification(spent ? "quota_exhausted" : "rate_limited", `${message}${retry}`, base);
  }
  if (status === 401 || apiError.reason === "API_KEY_INVALID" || KEY_REFUSED.test(message)) return classification("auth_invalid", message, base);
  if (REGION_REFUSED.test(message)) return classification("region_blocked", message, base);
  if (status === 403) return classification("forbidden", message, base);
  if (status === 404) return classification("model_not_found", message, base);
  if (status >= 500) {
    const overloaded = status === 503 && OVERLOADED.test(message);
    return classification("server_error", overloaded ? `The Gemini API is overloaded (HTTP 503 UNAVAILABLE): ${message}` : message, base);
  }
  if (status >= 400) return classification("bad_request", message, base);
  return classification("unexpected_response", message, base);
}

/** A key that is wrong, missing, or revoked as leaked (the last two come as 403 PERMISSION_DENIED). */
const KEY_REFUSED = /API key not valid|API Key not found|unregistered callers|reported as leaked/i;
const REGION_REFUSED = /User location is not supported|not available in your (country|region)/i;
const OVERLOADED = /overloaded|high demand/i;

interface GeminiApiErrorFields {
  message: string;
  status: string | null;
  /** The ErrorInfo detail's reason (API_KEY_INVALID, API_KEY_SERVICE_BLOCKED…). */
  reason: string | null;
  /** The QuotaFailure detail's quota ids (GenerateRequestsPerDayPerProjectPerModel-FreeTier…). */
  quotaIds: string[];
  /** The RetryInfo detail's delay ("26s"). */
  retryDelay: string | null;
}

/** `{ error: { message, status, details } }`; anything else is not an API error. */
function apiErrorFields(json: unknown): GeminiApiErrorFields | null {
  // An array of one error: how answers of the (non-SSE) streaming endpoint come, which some gateways pass on.
  const record = Array.isArray(json) && json.length === 1 ? json[0] : json;
  if (!record || typeof record !== "object") return null;
  const inner = (record as Record<string, unknown>).error;
  if (!inner || typeof inner !== "object") return null;
  const { message, status, details } = inner as Record<string, unknown>;
  if (typeof message !== "string") return null;
  const fields: GeminiApiErrorFields = { message, status: typeof status === "string" ? status : null, reason: null, quotaIds: [], retryDelay: null };
  for (const detail of Array.isArray(details) ? details : []) {
    if (!detail || typeof detail !== "object") continue;
    const { "@type": type, reason, violations, retryDelay } = detail as Record<string, unknown>;
    if (typeof type !== "string") continue;
    if (type.endsWith("google.rpc.ErrorInfo") && typeof reason === "string") fields.reason = reason;
    if (type.endsWith("google.rpc.RetryInfo") && typeof retryDelay === "string") fields.retryDelay = retryDelay;
    if (type.endsWith("google.rpc.QuotaFailure") && Array.isArray(violations)) {
      for (const violation of violations) {
        const id = violation && typeof violation === "object" ? (violation as Record<string, unknown>).quotaId : undefined;
        if (typeof id === "string") fields.quotaIds.push(id);
      }
    }
  }
  return fields;
}
