import { describe, expect, it } from "vitest";
import { parseConfigText } from "@/lib/config/load-config";
import { CONFIG_FILE as FILE, configProblems as problemsOf, oneTargetConfig as target } from "../../helpers/config-text";

describe("a target's provider in proxypulse.yaml", () => {
  it.each([
    ["no provider: openai, its default kind and model (files written before providers)", "", { provider: "openai", probe: "chat", model: "gpt-4o-mini" }],
    ["anthropic without kind or model: messages and a cheap Claude", "provider: anthropic", { provider: "anthropic", probe: "messages", model: "claude-haiku-4-5" }],
    ["anthropic with the free kind", "provider: anthropic\nprobe: models", { provider: "anthropic", probe: "models" }],
    ["anthropic with its model kept", "provider: anthropic\nmodel: claude-sonnet-4-6", { provider: "anthropic", probe: "messages", model: "claude-sonnet-4-6" }],
    ["openai said explicitly", "provider: openai\nprobe: models", { provider: "openai", probe: "models" }],
  ])("accepts %s", (_name, lines, expected) => {
    expect(parseConfigText(target(lines), FILE, {}).targets[0]).toMatchObject(expected);
  });

  it.each([
    ["an unknown provider", "provider: vertex", /^targets\[0\]\.provider: Provider must be one of: openai, anthropic, gemini, azure-openai$/],
    ["a provider that is not text", "provider: 5", /^targets\[0\]\.provider: Provider must be one of: openai, anthropic, gemini, azure-openai$/],
    ["a provider in capitals (ids are exact)", "provider: Anthropic", /^targets\[0\]\.provider: Provider must be one of: openai, anthropic, gemini, azure-openai$/],
    ["anthropic with openai's paid kind", "provider: anthropic\nprobe: chat", /^targets\[0\]\.probe: Probe "chat" is not one the anthropic provider offers: use one of messages, messages-stream, models$/],
    ["openai with anthropic's paid kind", "provider: openai\nprobe: messages", /^targets\[0\]\.probe: Probe "messages" is not one the openai provider offers: use one of chat, chat-stream, embeddings, responses, responses-stream, models$/],
    ["anthropic's kind without a provider (openai is the default)", "probe: messages", /^targets\[0\]\.probe: Probe "messages" is not one the openai provider offers: use one of chat, chat-stream, embeddings, responses, responses-stream, models$/],
    ["a kind no provider has", "provider: anthropic\nprobe: completions", /^targets\[0\]\.probe: Probe must be one of: chat, chat-stream, embeddings, responses, responses-stream, models, messages, messages-stream, generate, generate-stream$/],
  ])("refuses %s with a message naming the choices", (_name, lines, message) => {
    const problems = problemsOf(target(lines));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });
});
