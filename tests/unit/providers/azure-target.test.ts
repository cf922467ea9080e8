import { describe, expect, it } from "vitest";
import { azureTarget, DEFAULT_AZURE_API_VERSION } from "@/lib/providers/azure-openai/azure-target";

describe("an Azure OpenAI target's base URL", () => {
  it.each([
    ["the resource endpoint", "https://res.openai.azure.com", { baseURL: "https://res.openai.azure.com/openai", apiVersion: DEFAULT_AZURE_API_VERSION, deployment: null }],
    ["the endpoint with a slash", "https://res.openai.azure.com/", { baseURL: "https://res.openai.azure.com/openai", apiVersion: DEFAULT_AZURE_API_VERSION, deployment: null }],
    ["the endpoint with its api-version", "https://res.openai.azure.com/?api-version=2025-01-01-preview", { baseURL: "https://res.openai.azure.com/openai", apiVersion: "2025-01-01-preview", deployment: null }],
    ["the endpoint and /openai", "https://res.openai.azure.com/openai", { baseURL: "https://res.openai.azure.com/openai", apiVersion: DEFAULT_AZURE_API_VERSION, deployment: null }],
    [
      "a deployment's whole URL, as the portal shows it",
      "https://res.openai.azure.com/openai/deployments/gpt-4o-mini/chat/completions?api-version=2024-08-01-preview",
      { baseURL: "https://res.openai.azure.com/openai", apiVersion: "2024-08-01-preview", deployment: "gpt-4o-mini" },
    ],
    ["a gateway's prefix", "https://gw.example/azure/eastus/openai/deployments/o3-mini", { baseURL: "https://gw.example/azure/eastus/openai", apiVersion: DEFAULT_AZURE_API_VERSION, deployment: "o3-mini" }],
    ["an empty api-version (the default)", "https://res.openai.azure.com?api-version=", { baseURL: "https://res.openai.azure.com/openai", apiVersion: DEFAULT_AZURE_API_VERSION, deployment: null }],
    ["an encoded deployment name", "https://res.openai.azure.com/openai/deployments/my%20model", { baseURL: "https://res.openai.azure.com/openai", apiVersion: DEFAULT_AZURE_API_VERSION, deployment: "my model" }],
  ])("%s", (_name, baseUrl, expected) => {
    expect(azureTarget(baseUrl)).toEqual(expected);
  });
});
