import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAI, type CannedAnswer, type FakeOpenAI } from "@/lib/simulator/simulated-api";
import { probeThrough, TEST_API_KEY } from "../helpers/probe-harness";

// A 2xx is only a success when a real client could use the answer. Each body
// is served for real over loopback and goes through the whole probe.

let api: FakeOpenAI;
beforeAll(async () => {
  api = await startFakeOpenAI({ apiKeys: [TEST_API_KEY] });
});
afterAll(async () => {
  await api?.close();
});

const json = (value: unknown, status = 200): CannedAnswer => ({ status, body: JSON.stringify(value) });
const message = (fields: Record<string, unknown>) => ({ choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", ...fields } }] });

const probe = (answer: CannedAnswer, kind: "chat" | "models") =>
  probeThrough(api.cannedBaseUrl(answer), { options: { probe: kind, timeoutMs: 3000 } });

describe("chat: answers a client cannot use are unexpected_response, saying what is missing", () => {
  const unusable: Array<[string, CannedAnswer, RegExp]> = [
    ["no choice at all", json({ choices: [] }), /^HTTP 200 but the answer has no choices$/],
    ["an empty object", json({}), /no choices array/],
    ["choices is not an array", json({ choices: { message: { content: "OK" } } }), /choices is not an array/],
    ["a choice without a message", json({ choices: [{}] }), /choice has no message/],
    ["a null choice", json({ choices: [null] }), /empty choice/],
    ["a message that is a string", json({ choices: [{ message: "OK" }] }), /message that is not an object/],
    ["content null, no tool call, no refusal", json(message({ content: null, refusal: null })), /no content, tool call or refusal/],
    ["content filtered (Azure style), the reason said", json({ choices: [{ finish_reason: "content_filter", message: { role: "assistant", content: null } }] }), /no content, tool call or refusal \(finish_reason "content_filter"\)/],
    ["content null and an empty tool_calls list", json(message({ content: null, tool_calls: [] })), /no content, tool call or refusal/],
    ["content of the wrong type", json(message({ content: 42 })), /./],
    ["a model list where a completion belongs", json({ object: "list", data: [{ id: "gpt-4o-mini" }] }), /the answer is a "list" object, not a chat completion/],
    ["a chunk object", json({ object: "chat.completion.chunk", choices: [{ delta: { content: "OK" } }] }), /"chat.completion.chunk" object/],
    ["JSON null", { body: "null" }, /empty \(JSON null\)/],
    ["a JSON array", json([{ message: { content: "OK" } }]), /not a JSON object/],
    ["a JSON string", json("OK"), /not a JSON object/],
    ["an empty body", { body: "" }, /body is empty/],
    ["whitespace only", { body: " \n" }, /body is empty/],
    ["a non-JSON body", { body: "OK", contentType: "text/plain" }, /non-JSON body/],
    ["truncated JSON", { body: '{"choices":[{"message":{"content":"O' }, /non-JSON body/],
    ["an HTML page with 200", { body: "<html><body>Welcome to nginx!</body></html>", contentType: "text/html" }, /HTML page/],
    ["an error object with 200", json({ error: { message: "upstream failed", type: "server_error" } }), /error object instead of a chat completion/],
    ["a 201 with no choices", json({ choices: [] }, 201), /^HTTP 201 but the answer has no choices$/],
  ];

  it.each(unusable)("%s", async (_name, answer, said) => {
    const result = await probe(answer, "chat");
    expect(result).toMatchObject({ ok: false, kind: "unexpected_response", layer: "api", httpStatus: answer.status ?? 200 });
    expect(result.message).toMatch(said);
    expect(result.hint.en).toMatch(/not a usable answer|no usable answer/i);
  });

  // What OpenAI-compatible servers really send: optional fields left out.
  const usable: Array<[string, CannedAnswer]> = [
    ["OpenAI's full answer", json({ id: "c", object: "chat.completion", created: 1, model: "m", system_fingerprint: "fp", ...message({ content: "OK", refusal: null }), usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } })],
    ["only choices[0].message.content", json({ choices: [{ message: { content: "OK" } }] })],
    ["no id, created, usage, object (vLLM/Ollama style minimal)", json({ model: "llama3", ...message({ content: "OK" }) })],
    ["object null", json({ object: null, ...message({ content: "OK" }) })],
    ["an empty content string (a reasoning model out of tokens)", json(message({ content: "", refusal: null }))],
    ["content null with a tool call", json(message({ content: null, tool_calls: [{ id: "t", type: "function", function: { name: "f", arguments: "{}" } }] }))],
    ["content null with a refusal", json(message({ content: null, refusal: "I can't help with that." }))],
    ["a deprecated function_call", json(message({ content: null, function_call: { name: "f", arguments: "{}" } }))],
    ["usage of a strange shape (ignored, not fatal)", json({ ...message({ content: "OK" }), usage: { prompt_tokens: "11" } })],
    ["error: null beside a real answer", json({ error: null, ...message({ content: "OK" }) })],
  ];

  it.each(usable)("accepts %s", async (_name, answer) => {
    const result = await probe(answer, "chat");
    expect(result).toMatchObject({ ok: true, kind: "ok", httpStatus: 200 });
  });
});

describe("models: a list a client cannot use is unexpected_response", () => {
  const unusable: Array<[string, CannedAnswer, RegExp]> = [
    ["no data array", json({ object: "list" }), /no data array/],
    ["an empty object", json({}), /no data array/],
    ["data is not an array", json({ object: "list", data: { id: "gpt-4o-mini" } }), /data is not an array/],
    ["data null", json({ object: "list", data: null }), /no data array/],
    ["an entry without id", json({ object: "list", data: [{ object: "model" }] }), /a model in the list has no id/],
    ["an entry whose id is a number", json({ object: "list", data: [{ id: 7 }] }), /id that is not a string/],
    ["an entry that is a string", json({ data: ["gpt-4o-mini"] }), /not an object/],
    ["a chat completion where a list belongs", json({ object: "chat.completion", data: [] }), /"chat.completion" object, not a model list/],
    ["an HTML page with 200", { body: "<!doctype html><title>Login</title>", contentType: "text/html" }, /HTML page/],
    ["an empty body", { body: "" }, /body is empty/],
    ["a non-JSON body", { body: "models: gpt-4o" }, /non-JSON body/],
  ];

  it.each(unusable)("%s", async (_name, answer, said) => {
    const result = await probe(answer, "models");
    expect(result).toMatchObject({ ok: false, kind: "unexpected_response", httpStatus: 200 });
    expect(result.message).toMatch(said);
  });

  it.each([
    ["OpenAI's list", json({ object: "list", data: [{ id: "gpt-4o-mini", object: "model", created: 1, owned_by: "system" }] })],
    ["entries with only an id, no object tag (Ollama/vLLM style)", json({ data: [{ id: "llama3" }, { id: "qwen2" }] })],
  ])("accepts %s", async (_name, answer) => {
    const result = await probe(answer, "models");
    expect(result).toMatchObject({ ok: true, kind: "ok", message: "OK" });
  });

  it("keeps an empty list ok (the route and key work) but says it is empty", async () => {
    const result = await probe(json({ object: "list", data: [] }), "models");
    expect(result).toMatchObject({ ok: true, kind: "ok" });
    expect(result.message).toMatch(/model list is empty/);
  });
});
