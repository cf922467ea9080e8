import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startMonitorService, type MonitorService, type StartOptions } from "@/lib/monitoring/monitor-service";
import { childEnv } from "./child-env";
import { createTestDatabaseUrl } from "./test-database-url";

export const ADMIN_TOKEN = "test-admin-token-0123456789abcdef";

export interface TestService {
  service: MonitorService;
  dir: string;
  /** DATABASE_URL and PROXYPULSE_DATA_DIR of this service: another process on the same database (a restart) starts with them. */
  databaseEnv: { DATABASE_URL: string; PROXYPULSE_DATA_DIR: string };
  stop(): Promise<void>;
}

/**
 * A monitor service of the test's own (temporary database and config), set
 * as the process's service so that route handlers called directly use it.
 */
export async function startTestService(
  yaml: string,
  options: { runScheduler?: boolean; env?: Record<string, string>; databaseUrl?: string } & Pick<StartOptions, "deliveryIntervalMs" | "deliveryPolicy" | "schedulerClock"> = {},
): Promise<TestService> {
  const dir = mkdtempSync(join(tmpdir(), "proxypulse-service-"));
  writeFileSync(join(dir, "proxypulse.yaml"), yaml);
  // SQLite, or PostgreSQL in the "postgresql" project (vitest.config.ts), or the test's own database; the secret key stays in the test's dir.
  const database = options.databaseUrl ? { url: options.databaseUrl, drop: async () => undefined } : await createTestDatabaseUrl(dir);
  const service = await startMonitorService({
    environment: childEnv({ DATABASE_URL: database.url, PROXYPULSE_DATA_DIR: dir, PROXYPULSE_ADMIN_TOKEN: ADMIN_TOKEN, PATH: process.env.PATH, ...options.env }),
    runScheduler: options.runScheduler ?? false,
    cwd: dir,
    ...(options.deliveryIntervalMs ? { deliveryIntervalMs: options.deliveryIntervalMs } : {}),
    ...(options.deliveryPolicy ? { deliveryPolicy: options.deliveryPolicy } : {}),
    ...(options.schedulerClock ? { schedulerClock: options.schedulerClock } : {}),
  });
  (globalThis as { proxypulseMonitor?: Promise<MonitorService> }).proxypulseMonitor = Promise.resolve(service);
  return {
    service,
    dir,
    databaseEnv: { DATABASE_URL: database.url, PROXYPULSE_DATA_DIR: dir },
    stop: async () => {
      delete (globalThis as { proxypulseMonitor?: Promise<MonitorService> }).proxypulseMonitor;
      await service.stop(1000);
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// Each handler declares its own params shape; the tests pass whatever they test.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Handler = (request: Request, context: { params: Promise<any> }) => Promise<Response>;

/** Calls a route handler as Next would, returning status, headers and parsed body. */
export async function call(
  handler: Handler,
  options: { method?: string; path?: string; params?: Record<string, string>; body?: unknown; token?: string | null; rawBody?: string } = {},
) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  const token = options.token === undefined ? ADMIN_TOKEN : options.token;
  if (token) headers.authorization = `Bearer ${token}`;
  const request = new Request(`http://localhost${options.path ?? "/"}`, {
    method: options.method ?? "GET",
    headers,
    body: options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  const response = await handler(request, { params: Promise.resolve(options.params ?? {}) });
  const text = await response.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: response.status, headers: response.headers, text, json: json as any };
}
