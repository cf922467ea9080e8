import { classification, type Classification } from "../../classify/classify-outcome";
import type { ApiAnswer } from "../provider";
import { classifyOpenAIAnswer } from "../shared/classify-openai-answer";

/** A rate limit that asks to wait this long is a spent quota (Azure says "retry after 86400 seconds" for a daily one). */
const QUOTA_WAIT_SECONDS = 3600;

/**
 * Azure OpenAI answers in OpenAI's error shape, with string codes
 * ("DeploymentNotFound", "401", "429", "content_filter"), so OpenAI's
 * reading holds; but a 429 whose wait is an hour or more ("Please retry
 * after 86400 seconds") is a quota that is spent, not a rate limit.
 */
export function classifyAzureAnswer(answer: ApiAnswer): Classification {
  const result = classifyOpenAIAnswer(answer);
  if (result.kind !== "rate_limited") return result;
  const seconds = Number(/retry after (\d+) seconds?/i.exec(result.message)?.[1] ?? answer.headers?.get("retry-after") ?? Number.NaN);
  if (!(seconds >= QUOTA_WAIT_SECONDS)) return result;
  return classification("quota_exhausted", result.message, { httpStatus: result.httpStatus, apiErrorCode: result.apiErrorCode, apiErrorType: result.apiErrorType });
}
