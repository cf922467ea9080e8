import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { RuntimeRouteSet, type RouteFields, type RuntimeRoute } from "../monitoring/runtime-route";
import { parseProxySpec, type ProxySpec } from "../routes/parse-proxy-spec";
import type { RuntimeRouteSpec } from "./agent-protocol";

/**
 * The agent's route source: the routes of its last assignment, built into
 * runtime routes the same way as the hub's (RuntimeRouteSet). A CA sent as
 * PEM is written once to the data dir (named by its hash, readable by the
 * agent's user only) so the dispatcher reads it like a hub's CA file.
 */
export class AssignmentCatalog {
  private readonly routes = new RuntimeRouteSet();

  constructor(private readonly caDir: string) {}

  list(): RuntimeRoute[] {
    return this.routes.list();
  }

  get(id: number): RuntimeRoute | undefined {
    return this.routes.get(id);
  }

  apply(specs: RuntimeRouteSpec[]): RuntimeRoute[] {
    return this.routes.replace(specs.map((spec) => this.fieldsOf(spec)));
  }

  async close(): Promise<void> {
    await this.routes.close();
  }

  private fieldsOf(spec: RuntimeRouteSpec): RouteFields {
    let proxy: ProxySpec = { protocol: "direct" };
    let configError = spec.configError;
    try {
      proxy = parseProxySpec(spec.proxy);
    } catch (error) {
      // Never probed as something else: reported on each round instead.
      configError ??= error instanceof Error ? error.message : String(error);
    }
    const { proxy: _url, caPem, configError: _sent, ...rest } = spec;
    return { ...rest, proxy, caFile: caPem ? this.caFileFor(caPem) : null, configError };
  }

  private caFileFor(pem: string): string {
    mkdirSync(this.caDir, { recursive: true, mode: 0o700 });
    const path = join(this.caDir, `${createHash("sha256").update(pem).digest("hex").slice(0, 32)}.pem`);
    writeFileSync(path, pem, { mode: 0o600 });
    return path;
  }
}
