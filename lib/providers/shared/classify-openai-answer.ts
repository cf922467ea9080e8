import { classification, describeNonApiBody, type Classification } from "../../classify/classify-outcome";
import type { ApiAnswer } from "../provider";

/** Error codes and types that mean the account is out of money, not just rate-limited. */
export const QUOTA_CODES = new Set(["insufficient_quota", "billing_not_active", "credit_balance_exhausted", "billing_hard_limit_reached"]);

/** What an error answer from an OpenAI-compatible API means. */
export function classifyOpenAIAnswer({ status, body }: ApiAnswer): Classification {
  const apiError = apiErrorFields(body?.json);
  const base = {
    httpStatus: status,
    apiErrorCode: apiError?.code ?? null,
    apiErrorType: apiError?.type ?? null,
  };
  const message = apiError?.message ?? describeNonApiBody(status, body);

  if (status === 429) {
    const quota = QUOTA_CODES.has(apiError?.code ?? "") || QUOTA_CODES.has(apiError?.type ?? "");
    return classification(quota ? "quota_exhausted" : "rate_limited", message, base);
  }
  if (apiError === null) return classification("unexpected_response", message, base);
  if (status === 401) return classification("auth_invalid", message, base);
  if (status === 403) {
    return classification(apiError.code === "unsupported_country_region_territory" ? "region_blocked" : "forbidden", message, base);
  }
  if (status === 404) return classification("model_not_found", message, base);
  if (status >= 500) return classification("server_error", message, base);
  if (status >= 400) return classification("bad_request", message, base);
  return classification("unexpected_response", message, base);
}

/**
 * OpenAI answers `{ error: { message, type, code } }`; several compatible
 * servers answer the fields at the top level. Anything else is not an API error.
 */
function apiErrorFields(json: unknown): { message: string; type: string | null; code: string | null } | null {
  if (!json || typeof json !== "object") return null;
  const record = json as Record<string, unknown>;
  const inner = record.error;
  const source =
    inner && typeof inner === "object" ? (inner as Record<string, unknown>)
    : typeof inner === "string" ? { message: inner }
    : record;
  const message = typeof source.message === "string" ? source.message : null;
  if (message === null) return null;
  return {
    message,
    type: typeof source.type === "string" ? source.type : null,
    code: typeof source.code === "string" ? source.code : typeof source.code === "number" ? String(source.code) : null,
  };
}
