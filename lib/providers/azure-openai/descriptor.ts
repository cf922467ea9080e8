import type { ProviderDescriptor } from "../provider";

/** Azure OpenAI: a resource's deployments, through the openai SDK's AzureOpenAI client. */
export const azureOpenAIDescriptor = {
  id: "azure-openai",
  label: "Azure OpenAI",
  // The base URL is the resource's endpoint (with ?api-version=… to choose one): each user has their own, so there is no default.
  // The model is the deployment's name.
  defaults: { baseUrl: null, model: "gpt-4o-mini", apiKeyEnv: "AZURE_OPENAI_API_KEY", baseUrlEnv: "AZURE_OPENAI_ENDPOINT" },
  baseUrlPresets: [],
  // chat: one output token, to the deployment; chat-stream: a short streamed answer from it; models: the resource's model list.
  kinds: { chat: { cost: "tokens" }, "chat-stream": { cost: "tokens" }, models: { cost: "free" } },
} as const satisfies ProviderDescriptor;
