/**
 * The API version sent when the base URL names none: the latest generally
 * available one (preview versions come and go).
 */
export const DEFAULT_AZURE_API_VERSION = "2024-10-21";

export interface AzureTarget {
  /** The SDK's baseURL: the resource endpoint and /openai. */
  baseURL: string;
  apiVersion: string;
  /** The deployment the base URL names, if it names one (else the target's model is the deployment). */
  deployment: string | null;
}

/**
 * Reads a target's base URL as Azure OpenAI: the resource endpoint
 * (`https://NAME.openai.azure.com`), optionally with `?api-version=…`, or
 * the whole URL the Azure portal shows for a deployment
 * (`…/openai/deployments/NAME/chat/completions?api-version=…`), pasted as is.
 */
export function azureTarget(baseUrl: string): AzureTarget {
  const url = new URL(baseUrl);
  const apiVersion = url.searchParams.get("api-version")?.trim() || DEFAULT_AZURE_API_VERSION;
  const path = url.pathname.replace(/\/+$/, "");
  const match = /^(.*?)\/openai(?:\/deployments\/([^/]+))?(?:\/.*)?$/.exec(path);
  const prefix = match ? match[1]! : path;
  return { baseURL: `${url.origin}${prefix}/openai`, apiVersion, deployment: match?.[2] ? decodeURIComponent(match[2]) : null };
}
