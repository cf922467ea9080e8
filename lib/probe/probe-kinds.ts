import type { z } from "zod";
import { UnexpectedResponseError } from "../classify/classify-outcome";
import { ChatCompletionAnswer, firstProblem, ModelListAnswer, TokenUsageBody } from "./answer-shapes";
import type { ProbeClient } from "./probe-client";

export interface TokenUsage {
  promptTokens: number | null;
  completionTokens: number | null;
  totalTokens: number | null;
}

export interface ProbeKind {
  /** What the probe costs, shown to users before they schedule it. */
  cost: "tokens" | "free";
  /** Sends the request; resolves with the raw response once headers arrive. */
  send(client: ProbeClient, model: string, signal: AbortSignal): Promise<Response>;
  /**
   * Checks a 2xx body is an answer a client could use; throws
   * UnexpectedResponseError saying what is missing if not. A note qualifies
   * an answer that is usable but worth a look.
   */
  readAnswer(body: unknown, status: number): { usage: TokenUsage | null; note?: string };
}

/** The registry of probe kinds: a new kind is one entry here. */
export const PROBE_KINDS = {
  chat: {
    cost: "tokens",
    send: (client, model, signal) =>
      client.chat.completions
        .create(
          // One output token: probes cost money. max_completion_tokens is what
          // current OpenAI models accept (max_tokens is refused by reasoning models).
          { model, messages: [{ role: "user", content: "Reply with OK." }], max_completion_tokens: 1 },
          { signal },
        )
        .asResponse(),
    readAnswer: (body, status) => {
      const answer = checkShape(ChatCompletionAnswer, body, status, "a chat completion");
      // Usage is optional and only informative: a malformed one is dropped, not fatal.
      const usage = TokenUsageBody.safeParse(answer.usage).data;
      return {
        usage: usage
          ? {
              promptTokens: usage.prompt_tokens ?? null,
              completionTokens: usage.completion_tokens ?? null,
              totalTokens: usage.total_tokens ?? null,
            }
          : null,
      };
    },
  },
  models: {
    cost: "free",
    send: (client, _model, signal) => client.models.list({ signal }).asResponse(),
    readAnswer: (body, status) => {
      const list = checkShape(ModelListAnswer, body, status, "a model list");
      // Usable (the route and key work), but a key that sees no model cannot chat.
      if (list.data.length === 0) return { usage: null, note: `HTTP ${status} OK, but the model list is empty (the key may have access to no model)` };
      return { usage: null };
    },
  },
} as const satisfies Record<string, ProbeKind>;

export type ProbeKindName = keyof typeof PROBE_KINDS;
export const PROBE_KIND_NAMES = Object.keys(PROBE_KINDS) as ProbeKindName[];

function checkShape<T extends z.ZodType>(schema: T, body: unknown, status: number, expected: string): z.output<T> {
  if (body !== null && typeof body === "object" && "error" in body && (body as { error: unknown }).error) {
    throw new UnexpectedResponseError(
      `HTTP ${status} whose body is an error object instead of ${expected}: ${JSON.stringify((body as { error: unknown }).error).slice(0, 200)}`,
      status,
    );
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new UnexpectedResponseError(`HTTP ${status} but ${firstProblem(parsed.error)}`, status);
  return parsed.data;
}
