import { startFakeOpenAI, type FakeOpenAI } from "../simulator/simulated-api";
import { startHttpProxy, startSocks5Proxy, type FakeProxy } from "../simulator/simulated-proxies";

/**
 * The demo's simulated world on loopback, with scripted episodes on a
 * repeating cycle: a proxy that dies and comes back, a burst of rate
 * limiting, an account whose quota runs out, and a slow node.
 */
export interface DemoWorld {
  config: string;
  stop(): Promise<void>;
}

const CYCLE_MS = 6 * 60_000;
export const DEMO_PROXY_PASSWORD = "demo-office-pass";

export async function startDemoWorld(startedAt: number = Date.now()): Promise<DemoWorld> {
  const phase = () => (Date.now() - startedAt) % CYCLE_MS;
  const api: FakeOpenAI = await startFakeOpenAI({
    delayMs: () => 60 + Math.random() * 90,
    episode: (path) => {
      if (path === "main") return phase() >= 60_000 && phase() < 120_000 ? "rate-limit" : "ok";
      if (path === "credit") return Date.now() - startedAt > 150_000 ? "quota" : "ok";
      return "ok";
    },
  });
  const clash: FakeProxy = await startHttpProxy();
  const office: FakeProxy = await startHttpProxy({ auth: { username: "demo", password: DEMO_PROXY_PASSWORD }, delayMs: () => 20 + Math.random() * 30 });
  const slow: FakeProxy = await startSocks5Proxy({ delayMs: () => 700 + Math.random() * 800 });
  // clash-hk dies 3 minutes into each cycle and comes back 90 seconds later.
  const outage = setInterval(() => {
    const down = phase() >= 180_000 && phase() < 270_000;
    void clash.setAvailable(!down);
  }, 1000);

  const config = `# The demo's configuration: simulated API and proxies on this machine.
intervalSeconds: 10
timeoutMs: 4000
probeNowCooldownSeconds: 3
targets:
  - name: OpenAI (demo)
    baseUrl: ${api.origin}/main/v1
    apiKey: sk-demo-main-000000000000
    model: gpt-4o-mini
    probe: chat
  - name: Team credit (demo)
    baseUrl: ${api.origin}/credit/v1
    apiKey: sk-demo-credit-0000000000
    model: gpt-4o-mini
    probe: chat
proxies:
  - name: direct
    url: direct
  - name: clash-hk
    url: http://127.0.0.1:${clash.port}
  - name: office
    url: http://demo:${DEMO_PROXY_PASSWORD}@127.0.0.1:${office.port}
  - name: socks-sg (slow)
    url: socks5h://127.0.0.1:${slow.port}
`;
  return {
    config,
    stop: async () => {
      clearInterval(outage);
      await Promise.all([api.close(), clash.close(), office.close(), slow.close()]);
    },
  };
}
