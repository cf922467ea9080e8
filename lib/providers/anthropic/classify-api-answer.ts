import { classification, describeNonApiBody, type Classification } from "../../classify/classify-outcome";
import type { ApiAnswer } from "../provider";

/**
 * What an error answer from the Anthropic API means. Its errors read
 * `{"type":"error","error":{"type":…,"message":…},"request_id":…}`; the type
 * says most, but some answers need their words:
 * - no credit is a 400 invalid_request_error whose message says so
 *   ("Your credit balance is too low to access the Anthropic API…");
 * - the refusal of unsupported regions is a 403 from Anthropic's edge,
 *   `{"error":{"type":"forbidden","message":"Request not allowed"}}`, while a
 *   permission_error is a key without access.
 */
export function classifyAnthropicAnswer({ status, body }: ApiAnswer): Classification {
  const apiError = apiErrorFields(body?.json);
  const base = { httpStatus: status, apiErrorCode: null, apiErrorType: apiError?.type ?? null };
  const message = apiError?.message ?? describeNonApiBody(status, body);

  if (status === 429) return classification("rate_limited", message, base);
  if (apiError === null) return classification("unexpected_response", message, base);
  const { type } = apiError;
  if (type === "billing_error" || (status === 400 && CREDIT_TOO_LOW.test(message))) return classification("quota_exhausted", message, base);
  if (type === "rate_limit_error") return classification("rate_limited", message, base);
  if (type === "overloaded_error" || status === 529) {
    return classification("server_error", `Anthropic's API is overloaded (HTTP ${status} overloaded_error): ${message}`, base);
  }
  if (status === 401 || type === "authentication_error") return classification("auth_invalid", message, base);
  if (status === 403) return classification(type === "forbidden" && REQUEST_NOT_ALLOWED.test(message) ? "region_blocked" : "forbidden", message, base);
  if (status === 404 || type === "not_found_error") return classification("model_not_found", message, base);
  if (status >= 500 || type === "api_error" || type === "timeout_error") return classification("server_error", message, base);
  if (status >= 400) return classification("bad_request", message, base);
  return classification("unexpected_response", message, base);
}

const CREDIT_TOO_LOW = /credit balance is too low/i;
const REQUEST_NOT_ALLOWED = /^request not allowed\b/i;

/** `{ error: { type, message } }`, with or without the outer `type: "error"`; anything else is not an API error. */
function apiErrorFields(json: unknown): { message: string; type: string | null } | null {
  if (!json || typeof json !== "object") return null;
  const inner = (json as Record<string, unknown>).error;
  if (!inner || typeof inner !== "object") return null;
  const { message, type } = inner as Record<string, unknown>;
  if (typeof message !== "string") return null;
  return { message, type: typeof type === "string" ? type : null };
}
