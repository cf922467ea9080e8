import { z } from "zod";
import { UnexpectedResponseError } from "../classify/classify-outcome";
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
  /** Checks a 2xx body is this endpoint's answer; throws UnexpectedResponseError if not. */
  readAnswer(body: unknown): { usage: TokenUsage | null };
}

const ChatCompletionBody = z.object({
  choices: z.array(z.unknown()),
  usage: z
    .object({
      prompt_tokens: z.number().nullish(),
      completion_tokens: z.number().nullish(),
      total_tokens: z.number().nullish(),
    })
    .nullish(),
});

const ModelListBody = z.object({ data: z.array(z.unknown()) });

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
    readAnswer: (body) => {
      const parsed = ChatCompletionBody.safeParse(body);
      if (!parsed.success) throw notTheAnswer(body, "a chat completion");
      const usage = parsed.data.usage;
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
    readAnswer: (body) => {
      if (!ModelListBody.safeParse(body).success) throw notTheAnswer(body, "a model list");
      return { usage: null };
    },
  },
} as const satisfies Record<string, ProbeKind>;

export type ProbeKindName = keyof typeof PROBE_KINDS;
export const PROBE_KIND_NAMES = Object.keys(PROBE_KINDS) as ProbeKindName[];

function notTheAnswer(body: unknown, expected: string): UnexpectedResponseError {
  const isErrorObject = body !== null && typeof body === "object" && "error" in body;
  return new UnexpectedResponseError(
    isErrorObject
      ? `HTTP 200 whose body is an error object instead of ${expected}: ${JSON.stringify((body as { error: unknown }).error).slice(0, 200)}`
      : `HTTP 200 whose body is not ${expected}`,
    200,
  );
}
