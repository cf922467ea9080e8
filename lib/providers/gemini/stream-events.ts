import type { StreamEventReading } from "../provider";
import { isText, parseEventJson, tokenCount } from "../stream-request";

/**
 * One event of streamGenerateContent?alt=sse: a GenerateContentResponse per
 * event, `candidates[].content.parts[]` holding the new text, the last
 * candidate with its `finishReason`, `usageMetadata` running totals; no
 * closing event. An error inside the stream is `{"error":{"code",…}}`, which
 * the official SDK throws as an ApiError of that code.
 */
export function readGenerateContentChunk(data: string, status: number): StreamEventReading {
  const chunk = parseEventJson(data, status);
  if (chunk.error) {
    const code = (chunk.error as { code?: unknown }).code;
    return { error: { status: typeof code === "number" && code >= 400 && code <= 599 ? code : 500, body: { json: chunk, text: data } } };
  }
  const reading: StreamEventReading = {};
  const candidates = Array.isArray(chunk.candidates) ? (chunk.candidates as Array<Record<string, unknown> | null>) : [];
  for (const candidate of candidates) {
    const parts = (candidate?.content as { parts?: unknown } | undefined)?.parts;
    // A thought summary is the model thinking, not its answer.
    if (Array.isArray(parts) && parts.some((part) => part && !part.thought && (isText(part.text) || part.functionCall))) reading.content = true;
    if (isText(candidate?.finishReason)) reading.end = "answer";
  }
  // A prompt the API blocked: no candidates, a block reason; the route and key work, as for generate.
  const blocked = (chunk.promptFeedback as { blockReason?: unknown } | undefined)?.blockReason;
  if (candidates.length === 0 && isText(blocked)) {
    reading.end = "answer";
    reading.note = `HTTP ${status} OK, but the API blocked the probe's prompt (${String(blocked).slice(0, 40)}): the route and key work`;
  }
  const usage = chunk.usageMetadata as Record<string, unknown> | undefined;
  if (usage && typeof usage === "object") {
    reading.usage = { promptTokens: tokenCount(usage.promptTokenCount), completionTokens: tokenCount(usage.candidatesTokenCount), totalTokens: tokenCount(usage.totalTokenCount) };
  }
  return reading;
}
