import type { ProviderDescriptor } from "../provider";

/** The Anthropic API (Claude), through its official SDK. */
export const anthropicDescriptor = {
  id: "anthropic",
  label: "Anthropic",
  defaults: { baseUrl: "https://api.anthropic.com", model: "claude-haiku-4-5", apiKeyEnv: "ANTHROPIC_API_KEY", baseUrlEnv: "ANTHROPIC_BASE_URL" },
  baseUrlPresets: [{ label: "Anthropic", baseUrl: "https://api.anthropic.com" }],
  // messages: one output token (checks credit); messages-stream: a short streamed answer (about 20–40 tokens); models: GET /v1/models.
  kinds: { messages: { cost: "tokens" }, "messages-stream": { cost: "tokens" }, models: { cost: "free" } },
} as const satisfies ProviderDescriptor;
