// Playwright's web server: loopback fixtures (a fake OpenAI upstream over
// TLS, an HTTP CONNECT proxy with Basic auth, a SOCKS5 proxy), a temporary
// database and config, and the built app (`next start`) on E2E_PORT.
import { spawn } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { testPki } from "../fixtures/certificates";
import { startFakeOpenAI } from "../../lib/simulator/simulated-api";
import { startHttpProxy, startSocks5Proxy } from "../../lib/simulator/simulated-proxies";
import { E2E, E2E_ENV_FILE } from "./e2e-env";

const pki = await testPki();
const dir = mkdtempSync(join(tmpdir(), "proxypulse-e2e-"));
const caFile = join(dir, "ca.pem");
writeFileSync(caFile, pki.caCert);
// The keys the specs use; the simulated API refuses any other, as the real one does.
const api = await startFakeOpenAI({ tls: pki.server, trace: { ip: "203.0.113.7", loc: "JP", colo: "NRT" }, apiKeys: [E2E.fileApiKey, E2E.uiApiKey, E2E.brokeApiKey] });
const httpProxy = await startHttpProxy({ auth: { username: "e2e", password: E2E.proxyPassword } });
const socks = await startSocks5Proxy();
// A webhook receiver for the alerts page's "send test".
const receiver = http.createServer((request, response) => {
  request.resume();
  request.on("end", () => response.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}'));
});
await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

writeFileSync(
  join(dir, "proxypulse.yaml"),
  `intervalSeconds: 3600
timeoutMs: 5000
probeNowCooldownSeconds: 3
# One failure makes a route down, so the quota-exhausted route is down after its first probe.
alerts:
  downAfterFailures: 1
maintenance:
  - routes: ["office/*"]
    from: "2000-01-01T00:00:00Z"
    to: "2100-01-01T00:00:00Z"
    note: Node migration
targets:
  - name: filed
    baseUrl: ${api.baseUrl("ok")}
    apiKey: ${E2E.fileApiKey}
    probe: models
proxies:
  - name: direct
    url: direct
`,
);
mkdirSync(join(process.cwd(), "test-results"), { recursive: true });
writeFileSync(
  E2E_ENV_FILE,
  JSON.stringify({ receiverUrl, apiOrigin: api.origin, okBaseUrl: api.baseUrl("ok"), quotaBaseUrl: api.baseUrl("quota"), httpProxyPort: httpProxy.port, socksUrl: socks.url, caFile, dbFile: join(dir, "e2e.db") }),
);

const server = spawn(process.execPath, [join(process.cwd(), "node_modules", "next", "dist", "bin", "next"), "start", "-p", String(E2E.port), "-H", "127.0.0.1"], {
  stdio: "inherit",
  env: {
    ...process.env,
    DATABASE_URL: `file:${join(dir, "e2e.db")}`,
    PROXYPULSE_CONFIG: join(dir, "proxypulse.yaml"),
    PROXYPULSE_ADMIN_TOKEN: E2E.adminToken,
    NODE_EXTRA_CA_CERTS: caFile,
    NEXT_MANUAL_SIG_HANDLE: "true",
    NEXT_TELEMETRY_DISABLED: "1",
  },
});

const stop = () => {
  server.kill("SIGTERM");
  receiver.close();
  void Promise.all([api.close(), httpProxy.close(), socks.close()]).finally(() => {
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  });
};
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
server.once("exit", (code) => {
  console.error(`next start exited (${code})`);
  process.exit(code ?? 1);
});
