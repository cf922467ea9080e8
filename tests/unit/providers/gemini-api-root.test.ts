import { describe, expect, it } from "vitest";
import { apiRoot, modelPath } from "@/lib/providers/gemini/gemini-client";

describe("the Gemini API's root from a target's base URL", () => {
  it.each([
    ["the host, as the SDK takes it", "https://generativelanguage.googleapis.com", "https://generativelanguage.googleapis.com/v1beta"],
    ["the host with a slash", "https://generativelanguage.googleapis.com/", "https://generativelanguage.googleapis.com/v1beta"],
    ["a gateway's prefix", "https://relay.example/gemini", "https://relay.example/gemini/v1beta"],
    ["the version already given (as many gateways document it)", "https://relay.example/gemini/v1beta", "https://relay.example/gemini/v1beta"],
    ["the v1 version given", "https://generativelanguage.googleapis.com/v1/", "https://generativelanguage.googleapis.com/v1"],
    ["a path that only ends like a version", "https://relay.example/myv1beta", "https://relay.example/myv1beta/v1beta"],
  ])("%s", (_name, baseUrl, root) => {
    expect(apiRoot(baseUrl)).toBe(root);
  });

  it.each([
    ["gemini-2.5-flash", "models/gemini-2.5-flash"],
    ["models/gemini-2.5-flash", "models/gemini-2.5-flash"],
    ["tunedModels/my-model", "tunedModels/my-model"],
    ["../../cachedContents", "models/..%2F..%2FcachedContents"],
    ["gemini:generateContent?x", "models/gemini%3AgenerateContent%3Fx"],
  ])("model %j is one resource path: %s", (model, path) => {
    expect(modelPath(model)).toBe(path);
  });
});
