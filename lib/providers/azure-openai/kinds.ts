import type { ProviderProbeKind } from "../provider";
import { openAIKinds } from "../shared/openai-kinds";
import type { AzureProbeClient } from "./azure-client";

const { chat, "chat-stream": chatStream, models } = openAIKinds<AzureProbeClient>();

/**
 * The OpenAI API's kinds on an Azure resource: `chat` and `chat-stream` send to the
 * deployment (the base URL's, else the target's model, encoded as a path
 * segment); `models` lists the resource's models (free).
 */
export const AZURE_OPENAI_KINDS = {
  chat: { ...chat, send: (client, deployment, request) => chat.send(client, encodeURIComponent(deployment), request) },
  "chat-stream": { ...chatStream, send: (client, deployment, request) => chatStream.send(client, encodeURIComponent(deployment), request) },
  models,
} as const satisfies Record<string, ProviderProbeKind<AzureProbeClient>>;
