import * as z from "zod";

/**
 * What a 2xx answer must hold for a client to use it, from the SDK's own
 * types (Message, Usage, ModelInfo and its Page), requiring only what a client
 * reads. Each rule carries the sentence that says what was missing.
 */

const issueFor = (missing: string, wrongType: string) => (issue: { input: unknown }) =>
  issue.input === undefined || issue.input === null ? missing : wrongType;

/** The `type` tag, when sent, must name this kind of answer (`message`, `model`). */
const typeTag = (expected: string, what: string) =>
  z
    .unknown()
    .optional()
    .refine((value) => value === undefined || value === null || value === expected, {
      error: (issue) => `the answer is ${describeTag(issue.input)}, not ${what}`,
    });

const ContentBlock = z.object(
  { type: z.string({ error: issueFor("a content block of the answer has no type", "a content block's type is not text") }) },
  { error: "a content block of the answer is not an object" },
);

export const MessageUsage = z.object(
  {
    input_tokens: z.number({ error: issueFor("the answer's usage has no input_tokens", "the answer's usage.input_tokens is not a number") }),
    output_tokens: z.number({ error: issueFor("the answer's usage has no output_tokens", "the answer's usage.output_tokens is not a number") }),
  },
  { error: issueFor("the answer has no usage (not a message)", "the answer's usage is not an object") },
);

// An empty content array is still a message: stop_reason "max_tokens" with
// one token, or a refusal, reads as an answer to the client.
export const MessageAnswer = z.object(
  {
    type: typeTag("message", "a message"),
    content: z.array(ContentBlock, { error: issueFor("the answer has no content array (not a message)", "the answer's content is not an array") }),
    usage: MessageUsage,
  },
  { error: issueFor("the answer is empty (JSON null)", "the answer is not a JSON object") },
);

const ModelEntry = z.object(
  {
    id: z.string({ error: issueFor("a model in the list has no id", "a model in the list has an id that is not a string") }),
    type: typeTag("model", "a model"),
  },
  { error: "a model in the list is not an object" },
);

export const ModelPageAnswer = z.object(
  { data: z.array(ModelEntry, { error: issueFor("the answer has no data array (not a model list)", "the answer's data is not an array") }) },
  { error: issueFor("the answer is empty (JSON null)", "the answer is not a JSON object") },
);

function describeTag(value: unknown): string {
  return typeof value === "string" ? `a "${value.slice(0, 40)}" object` : `tagged ${JSON.stringify(value)?.slice(0, 40) ?? String(value)}`;
}
