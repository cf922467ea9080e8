import type { Dispatcher as DispatcherTypes, buildConnector } from "undici";
import { Client, Dispatcher } from "./undici-parts";

/** Origins one route keeps a client for (its API host, and a same-host redirect's); the oldest goes beyond this. */
const MAX_ORIGINS = 8;

/**
 * A dispatcher holding one undici Client per origin, each opening its
 * connections through `connect`. It stands where an Agent would: an Agent
 * closes an origin's pool whenever its last connection closes, and a route
 * that closes its connection after every exchange built and tore down a pool
 * and a client (with an error object for each) on every probe.
 */
export class OriginClients extends Dispatcher {
  private readonly clients = new Map<string, InstanceType<typeof Client>>();

  constructor(private readonly openSocket: buildConnector.connector) {
    super();
  }

  override dispatch(options: DispatcherTypes.DispatchOptions, handler: DispatcherTypes.DispatchHandler): boolean {
    if (!options.origin) throw new TypeError("dispatch needs an origin");
    const origin = String(options.origin);
    let client = this.clients.get(origin);
    if (!client) {
      if (this.clients.size >= MAX_ORIGINS) this.evictOldest();
      client = new Client(origin, { connect: this.openSocket, pipelining: 1 });
      this.clients.set(origin, client);
    }
    return client.dispatch(options, handler);
  }

  override async close(): Promise<void> {
    await Promise.all([...this.clients.values()].map((client) => client.close()));
    this.clients.clear();
  }

  override async destroy(): Promise<void> {
    await Promise.all([...this.clients.values()].map((client) => client.destroy()));
    this.clients.clear();
  }

  private evictOldest(): void {
    const [origin, client] = this.clients.entries().next().value!;
    this.clients.delete(origin);
    void client.close();
  }
}
