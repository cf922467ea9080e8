import * as z from "zod";

/**
 * What a 2xx answer must hold for a client to use it, from the API's
 * GenerateContentResponse and ListModelsResponse, requiring only what a
 * client reads. Google's JSON leaves out empty fields: an empty model list
 * is `{}`, a candidate cut at one token may have no parts.
 */

const issueFor = (missing: string, wrongType: string) => (issue: { input: unknown }) =>
  issue.input === undefined || issue.input === null ? missing : wrongType;

const Count = (what: string) => z.number({ error: `the answer's usageMetadata.${what} is not a number` }).optional();

export const GenerateContentAnswer = z
  .object(
    {
      candidates: z.array(z.object({}, { error: "a candidate of the answer is not an object" }), { error: "the answer's candidates is not an array" }).optional(),
      promptFeedback: z.object({ blockReason: z.string().optional() }, { error: "the answer's promptFeedback is not an object" }).optional(),
      usageMetadata: z
        .object({ promptTokenCount: Count("promptTokenCount"), candidatesTokenCount: Count("candidatesTokenCount"), totalTokenCount: Count("totalTokenCount") }, { error: "the answer's usageMetadata is not an object" })
        .optional(),
    },
    { error: issueFor("the answer is empty (JSON null)", "the answer is not a JSON object") },
  )
  // A blocked prompt has feedback and no candidates: still the API answering.
  .refine((answer) => answer.candidates !== undefined || answer.promptFeedback !== undefined, { error: "the answer has no candidates (not a generateContent response)" });

export const ModelListAnswer = z.object(
  {
    models: z
      .array(
        z.object({ name: z.string({ error: issueFor("a model in the list has no name", "a model in the list has a name that is not a string") }) }, { error: "a model in the list is not an object" }),
        { error: "the answer's models is not an array" },
      )
      .optional(),
  },
  { error: issueFor("the answer is empty (JSON null)", "the answer is not a JSON object") },
);
