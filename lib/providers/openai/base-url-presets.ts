/** Base URLs the target form offers for OpenAI-compatible APIs, each as the openai SDK takes it (up to and including /v1). */
export const OPENAI_BASE_URL_PRESETS = [
  { label: "OpenAI", baseUrl: "https://api.openai.com/v1" },
  { label: "DeepSeek", baseUrl: "https://api.deepseek.com/v1" },
  { label: "OpenRouter", baseUrl: "https://openrouter.ai/api/v1" },
  { label: "Groq", baseUrl: "https://api.groq.com/openai/v1" },
  { label: "vLLM (local)", baseUrl: "http://localhost:8000/v1" },
  { label: "Ollama (local)", baseUrl: "http://localhost:11434/v1" },
  { label: "LiteLLM", baseUrl: "http://localhost:4000/v1" },
  { label: "one-api / new-api", baseUrl: "http://localhost:3000/v1" },
] as const;
