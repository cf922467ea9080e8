import { APIConnectionTimeoutError, APIError } from "openai";
import type { Provider } from "../provider";
import { azureOpenAIDescriptor } from "./descriptor";
import { AzureProbeClient } from "./azure-client";
import { classifyAzureAnswer } from "./classify-api-answer";
import { AZURE_OPENAI_KINDS } from "./kinds";
import { readAzureResponseFacts } from "./response-headers";

export const azureOpenAI: Provider<AzureProbeClient> = {
  ...azureOpenAIDescriptor,
  kinds: AZURE_OPENAI_KINDS,
  createClient: (options) => new AzureProbeClient(options),
  readResponseFacts: readAzureResponseFacts,
  apiAnswerOf: (client, error) =>
    error instanceof APIError && typeof error.status === "number" ? { status: error.status, headers: error.headers, body: client.errorBodyOf(error) } : null,
  isSdkTimeout: (error) => error instanceof APIConnectionTimeoutError,
  classifyApiAnswer: classifyAzureAnswer,
};
