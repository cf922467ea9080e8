import type { AnyProvider } from "../providers/registry";
import { exchangeFetch } from "../routes/exchange-fetch";

/**
 * One SDK client per provider and target settings, shared by the routes that
 * probe that target (each request names its route's exchange): a client per
 * route was 3 KB of heap each, 30 MB at 10,000 routes. Bounded, oldest out:
 * settings that change (a new key, a new base URL) leave clients nobody asks
 * for, and a client is cheap to make again.
 */
export const MAX_SHARED_CLIENTS = 5000;
const clients = new Map<string, unknown>();

export interface SharedClientSettings {
  baseUrl: string;
  apiKey: string;
  timeoutMs: number;
}

export function sharedClientFor(provider: AnyProvider, settings: SharedClientSettings): unknown {
  const key = JSON.stringify([provider.id, settings.baseUrl, settings.apiKey, settings.timeoutMs]);
  let client = clients.get(key);
  if (client === undefined) {
    if (clients.size >= MAX_SHARED_CLIENTS) clients.delete(clients.keys().next().value!);
    client = provider.createClient({ baseUrl: settings.baseUrl, apiKey: settings.apiKey, timeoutMs: settings.timeoutMs, fetch: exchangeFetch(null) });
    clients.set(key, client);
  }
  return client;
}

/** How many clients are kept (tests check the bound). */
export function sharedClientCount(): number {
  return clients.size;
}
