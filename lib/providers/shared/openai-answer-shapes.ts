import * as z from "zod";

/**
 * What a 2xx answer must hold for a real client to use it, derived from the
 * openai SDK's types (ChatCompletion, ChatCompletionMessage, Model) but
 * requiring only what a client reads: OpenAI-compatible servers (vLLM, Ollama,
 * DeepSeek, Groq, OpenRouter…) often leave out `id`, `created`, `usage`,
 * `system_fingerprint` or `object`, so those stay optional. Each rule carries
 * the sentence that says what was missing.
 */

const issueFor = (missing: string, wrongType: string) => (issue: { input: unknown }) =>
  issue.input === undefined || issue.input === null ? missing : wrongType;

/** The SDK's `object` tag, when a server sends one, must name this kind of answer. */
const objectTag = (expected: string, what: string) =>
  z
    .unknown()
    .optional()
    .refine((value) => value === undefined || value === null || value === expected, {
      error: (issue) => `the answer is ${describeTag(issue.input)}, not ${what}`,
    });

const ChatMessage = z.object(
  {
    content: z.string().nullish(),
    refusal: z.string().nullish(),
    tool_calls: z.array(z.unknown()).nullish(),
    function_call: z.object({}).loose().nullish(),
    audio: z.object({}).loose().nullish(),
  },
  { error: issueFor("the answer's choice has no message", "the answer's choice has a message that is not an object") },
);

const ChatChoice = z
  .object(
    { message: ChatMessage, finish_reason: z.unknown().optional() },
    { error: issueFor("the answer has an empty choice", "the answer's choice is not an object") },
  )
  // An empty string is a real answer: a reasoning model given one output
  // token spends it thinking and returns "" with finish_reason "length".
  .refine(
    ({ message }) =>
      typeof message.content === "string" ||
      typeof message.refusal === "string" ||
      (message.tool_calls?.length ?? 0) > 0 ||
      Boolean(message.function_call) ||
      Boolean(message.audio),
    {
      error: (issue) => {
        const reason = finishReasonOf(issue.input);
        return `the answer's message has no content, tool call or refusal${reason ? ` (finish_reason "${reason.slice(0, 40)}")` : ""}`;
      },
    },
  );

export const ChatCompletionAnswer = z.object(
  {
    object: objectTag("chat.completion", "a chat completion"),
    choices: z
      .array(ChatChoice, { error: issueFor("the answer has no choices array (not a chat completion)", "the answer's choices is not an array") })
      .min(1, { error: "the answer has no choices" }),
    usage: z.unknown().optional(),
  },
  { error: issueFor("the answer is empty (JSON null)", "the answer is not a JSON object") },
);

const ModelEntry = z.object(
  { id: z.string({ error: issueFor("a model in the list has no id", "a model in the list has an id that is not a string") }) },
  { error: "a model in the list is not an object" },
);

export const ModelListAnswer = z.object(
  {
    object: objectTag("list", "a model list"),
    data: z.array(ModelEntry, { error: issueFor("the answer has no data array (not a model list)", "the answer's data is not an array") }),
  },
  { error: issueFor("the answer is empty (JSON null)", "the answer is not a JSON object") },
);

export const TokenUsageBody = z.object({
  prompt_tokens: z.number().nullish(),
  completion_tokens: z.number().nullish(),
  total_tokens: z.number().nullish(),
});

function finishReasonOf(choice: unknown): string | null {
  if (choice && typeof choice === "object" && "finish_reason" in choice && typeof choice.finish_reason === "string") return choice.finish_reason;
  return null;
}

function describeTag(value: unknown): string {
  return typeof value === "string" ? `a "${value.slice(0, 40)}" object` : `tagged ${JSON.stringify(value)?.slice(0, 40) ?? String(value)}`;
}

const Embedding = z.object(
  {
    // The SDK asks for base64 unless told otherwise (and decodes it); other clients ask for floats.
    embedding: z.union([z.array(z.number()).min(1), z.string().min(1)], { error: "an embedding in the answer is neither a list of numbers nor base64 text" }),
  },
  { error: "an entry of the answer's data is not an object" },
);

export const EmbeddingListAnswer = z.object(
  {
    object: objectTag("list", "an embedding list"),
    data: z
      .array(Embedding, { error: issueFor("the answer has no data array (not an embedding list)", "the answer's data is not an array") })
      .min(1, { error: "the answer holds no embedding" }),
    usage: z.unknown().optional(),
  },
  { error: issueFor("the answer is empty (JSON null)", "the answer is not a JSON object") },
);

export const ResponseAnswer = z
  .object(
    {
      object: objectTag("response", "a response"),
      status: z.string().nullish(),
      output: z.array(z.unknown(), { error: issueFor("the answer has no output array (not a response)", "the answer's output is not an array") }),
      usage: z.unknown().optional(),
    },
    { error: issueFor("the answer is empty (JSON null)", "the answer is not a JSON object") },
  )
  // An empty output is a real answer only when the tokens ran out (a reasoning model thinking).
  .refine(({ output, status }) => output.length > 0 || status === "incomplete", { error: "the response has no output" });
