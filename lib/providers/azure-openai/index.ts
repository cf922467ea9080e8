import { APIConnectionTimeoutError, APIError } from "openai";
import type { Provider } from "../provider";
import { AzureProbeClient } from "./azure-client";
import { classifyAzureAnswer } from "./classify-api-answer";
import { AZURE_OPENAI_KINDS } from "./kinds";
import { readAzureResponseFacts } from "./response-headers";

/** Azure OpenAI: a resource's deployments, through the openai SDK's AzureOpenAI client. */
export const azureOpenAI: Provider<AzureProbeClient> = {
  id: "azure-openai",
  label: "Azure OpenAI",
  // The base URL is the resource's endpoint (with ?api-version=… to choose one): each user has their own, so there is no default.
  // The model is the deployment's name.
  defaults: { baseUrl: null, model: "gpt-4o-mini", apiKeyEnv: "AZURE_OPENAI_API_KEY", baseUrlEnv: "AZURE_OPENAI_ENDPOINT" },
  baseUrlPresets: [],
  kinds: AZURE_OPENAI_KINDS,
  createClient: (options) => new AzureProbeClient(options),
  readResponseFacts: readAzureResponseFacts,
  apiAnswerOf: (client, error) =>
    error instanceof APIError && typeof error.status === "number" ? { status: error.status, headers: error.headers, body: client.errorBodyOf(error) } : null,
  isSdkTimeout: (error) => error instanceof APIConnectionTimeoutError,
  classifyApiAnswer: classifyAzureAnswer,
};
