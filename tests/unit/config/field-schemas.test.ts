import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { ApiBaseUrl, ApiKeyEnvName, ApiKeyValue, CaFilePath, IntervalSeconds, ModelName, ObjectName, ProxySpecText, ProbeKindField, TimeoutMs } from "@/lib/config/field-schemas";
import { CreateTargetInput } from "@/lib/management/management-schemas";
import { TestRouteInput } from "@/lib/management/test-route";

/** Every message a value gets: exactly one, naming the actual problem, is what a form shows by its field. */
function messagesOf(schema: z.ZodType, value: unknown): string[] {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
}

describe("each bad field value gets one message that names its actual problem", () => {
  it.each<[string, z.ZodType, unknown, RegExp]>([
    ["empty name", ObjectName, "", /^Name is required$/],
    ["blank name", ObjectName, "   ", /^Name is required$/],
    ["name as a number", ObjectName, 5, /^Name must be text$/],
    ["long name", ObjectName, "x".repeat(65), /^Name is at most 64 characters$/],
    ["name with a slash", ObjectName, "a/b", /^Name cannot contain '\/'/],
    ["name with a line break", ObjectName, "a\nb", /^Name cannot contain a line break \(U\+000A\)$/],
    ["name with a tab", ObjectName, "a\tb", /^Name cannot contain a tab \(U\+0009\)$/],
    ["name with NUL", ObjectName, "a\u0000b", /^Name cannot contain a control character \(U\+0000\)$/],
    ["name with a bidi override", ObjectName, "a\u202Eb", /^Name cannot contain an invisible formatting character .*\(U\+202E\)$/],
    ["name with a Hangul filler", ObjectName, "a\u3164b", /^Name cannot contain an invisible character \(U\+3164\)$/],
    ["name with a no-break space", ObjectName, "a\u00A0b", /^Name cannot contain a space other than the plain one \(U\+00A0\)$/],
    ["empty model", ModelName, "", /^Model is required$/],
    ["long model", ModelName, "m".repeat(201), /^Model is at most 200 characters$/],
    ["model with a line break", ModelName, "gpt\r\nx", /^Model cannot contain a line break \(U\+000D\)$/],
    ["empty base URL", ApiBaseUrl, "", /^Base URL is required/],
    ["base URL without a scheme", ApiBaseUrl, "api.openai.com/v1", /^Base URL must be an http\(s\) URL .*the scheme is missing/],
    ["base URL with another scheme", ApiBaseUrl, "ftp://h/v1", /^Base URL must be an http\(s\) URL .*not ftp:\/\//],
    ["base URL with credentials", ApiBaseUrl, "https://u:p@h/v1", /^Base URL must not contain credentials/],
    ["base URL with port 0", ApiBaseUrl, "http://127.0.0.1:0/v1", /^Base URL's port must be between 1 and 65535 \(not 0\)$/],
    ["base URL with port 70000", ApiBaseUrl, "http://127.0.0.1:70000/v1", /^Base URL's port must be between 1 and 65535 \(not 70000\)$/],
    ["base URL with a space in the host", ApiBaseUrl, "http://exa mple.com/v1", /^Base URL is not a valid URL/],
    ["empty key env", ApiKeyEnvName, "", /^The environment variable's name is required/],
    ["lowercase key env", ApiKeyEnvName, "openai_api_key", /ending in _API_KEY/],
    ["ProxyPulse's own env", ApiKeyEnvName, "PROXYPULSE_API_KEY", /ProxyPulse's own/],
    ["empty key", ApiKeyValue, " ", /^The API key is empty/],
    ["key with a space", ApiKeyValue, "sk-a b", /printable ASCII without spaces/],
    ["empty CA file", CaFilePath, "", /^CA file is empty/],
    ["interval 1", IntervalSeconds, 1, /^Interval is at least 5 seconds$/],
    ["interval 1.5", IntervalSeconds, 1.5, /^Interval must be a whole number of seconds$/],
    ["interval as text", IntervalSeconds, "60", /^Interval must be a number of seconds$/],
    ["interval of a week", IntervalSeconds, 604_800, /^Interval is at most 86400 seconds$/],
    ["timeout 10", TimeoutMs, 10, /^Timeout is at least 100 ms$/],
    ["an unknown probe", ProbeKindField, "completions", /^Probe must be one of: chat, chat-stream, embeddings/],
    ["empty route spec", ProxySpecText, "", /^Route spec is required/],
    ["socks4 route spec", ProxySpecText, "socks4://127.0.0.1:1080", /the scheme "socks4" is not supported/],
  ])("%s", (_label, schema, value, expected) => {
    const messages = messagesOf(schema, value);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(expected);
  });

  it.each([
    ["a name", ObjectName, "office proxy"],
    ["a Chinese name", ObjectName, "公司代理"],
    ["a base URL", ApiBaseUrl, "https://api.openai.com/v1"],
    ["a loopback base URL", ApiBaseUrl, "http://[::1]:8080/v1"],
    ["a key env", ApiKeyEnvName, "OPENAI_API_KEY"],
    ["an interval", IntervalSeconds, 60],
  ])("accepts %s", (_label, schema, value) => {
    expect(messagesOf(schema as z.ZodType, value)).toEqual([]);
  });

  it("a form's fields each get their own path and message", () => {
    const result = CreateTargetInput.safeParse({ name: "", baseUrl: "", model: "", intervalSeconds: 2 });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([
      ["name", "Name is required"],
      ["baseUrl", "Base URL is required, e.g. https://api.openai.com/v1"],
      ["model", "Model is required"],
      ["intervalSeconds", "Interval is at least 5 seconds"],
    ]);
  });

  it("test before saving: a typed key with a space is refused with the key's message, not 'Invalid input'", () => {
    const result = TestRouteInput.safeParse({ target: { baseUrl: "https://api.openai.com/v1", apiKey: "sk-a b" } });
    expect(result.error!.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([["target.apiKey", expect.stringContaining("printable ASCII")]]);
    expect(TestRouteInput.safeParse({ target: { baseUrl: "https://api.openai.com/v1", apiKey: "" } }).success).toBe(true);
  });
});
