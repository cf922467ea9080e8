import { startFakeAnthropic } from "../simulator/simulated-anthropic";
import { startFakeOpenAI, type FakeOpenAI, type Scenario } from "../simulator/simulated-api";
import { startHttpProxy, startSocks5Proxy, type FakeProxy } from "../simulator/simulated-proxies";

/**
 * The demo's simulated world on loopback, with scripted episodes on a
 * repeating cycle: a proxy that dies and comes back, a burst of rate
 * limiting, an account whose quota runs out and is topped up, and a slow node.
 */
export interface DemoWorld {
  config: string;
  stop(): Promise<void>;
}

export const DEMO_PROXY_PASSWORD = "demo-office-pass";
/** The keys in the demo's config; the simulated API refuses any other, as the real one does. */
export const DEMO_API_KEYS = { main: "sk-demo-main-000000000000", credit: "sk-demo-credit-0000000000", claude: "sk-ant-demo-0000000000000" } as const;

const MINUTE = 60_000;
/**
 * The episodes, as windows within a repeating cycle (ms since the start).
 * They are rare and short on purpose: best-route wants 95% success over the
 * last hour, so an episode that hits every route of a target for more than
 * about 3 minutes an hour would leave the demo without a healthy route most
 * of the time. Only clash-hk fails long enough to drop out for a while.
 */
export const DEMO_EPISODES = {
  /** The main account is rate limited for 20 s, 10 minutes into every 20 (2 probes a route). */
  rateLimit: { cycleMs: 20 * MINUTE, fromMs: 10 * MINUTE, toMs: 10 * MINUTE + 20_000 },
  /** The team credit runs dry 40 minutes into each hour and is topped up 90 s later. */
  quota: { cycleMs: 60 * MINUTE, fromMs: 40 * MINUTE, toMs: 40 * MINUTE + 90_000 },
  /** clash-hk dies 3 minutes into each 20-minute cycle and comes back 90 s later. */
  clashOutage: { cycleMs: 20 * MINUTE, fromMs: 3 * MINUTE, toMs: 3 * MINUTE + 90_000 },
} as const;

function inEpisode(episode: { cycleMs: number; fromMs: number; toMs: number }, sinceStartMs: number): boolean {
  const phase = sinceStartMs % episode.cycleMs;
  return phase >= episode.fromMs && phase < episode.toMs;
}

/** What the simulated API answers for a target's path at this moment of the demo. */
export function demoScenario(path: string, sinceStartMs: number): Scenario {
  if (path === "main" && inEpisode(DEMO_EPISODES.rateLimit, sinceStartMs)) return "rate-limit";
  if (path === "credit" && inEpisode(DEMO_EPISODES.quota, sinceStartMs)) return "quota";
  return "ok";
}

/** Whether clash-hk is down at this moment of the demo. */
export function demoClashDown(sinceStartMs: number): boolean {
  return inEpisode(DEMO_EPISODES.clashOutage, sinceStartMs);
}

export async function startDemoWorld(startedAt: number = Date.now()): Promise<DemoWorld> {
  const api: FakeOpenAI = await startFakeOpenAI({
    apiKeys: Object.values(DEMO_API_KEYS),
    delayMs: () => 60 + Math.random() * 90,
    episode: (path) => demoScenario(path, Date.now() - startedAt),
  });
  // Claude, streaming its answers a token every 25 ms: the streaming chart's route.
  const claude: FakeOpenAI = await startFakeAnthropic({ apiKeys: [DEMO_API_KEYS.claude], delayMs: () => 120 + Math.random() * 120, streamGapMs: 25 });
  const clash: FakeProxy = await startHttpProxy();
  const office: FakeProxy = await startHttpProxy({ auth: { username: "demo", password: DEMO_PROXY_PASSWORD }, delayMs: () => 20 + Math.random() * 30 });
  const slow: FakeProxy = await startSocks5Proxy({ delayMs: () => 700 + Math.random() * 800 });
  const outage = setInterval(() => void clash.setAvailable(!demoClashDown(Date.now() - startedAt)), 1000);

  const config = `# The demo's configuration: simulated API and proxies on this machine.
intervalSeconds: 10
timeoutMs: 4000
probeNowCooldownSeconds: 3
targets:
  - name: OpenAI (demo)
    baseUrl: ${api.origin}/main/v1
    apiKey: ${DEMO_API_KEYS.main}
    model: gpt-4o-mini
    probe: chat
  - name: Team credit (demo)
    baseUrl: ${api.origin}/credit/v1
    apiKey: ${DEMO_API_KEYS.credit}
    model: gpt-4o-mini
    probe: chat
  - name: Claude streaming (demo)
    provider: anthropic
    baseUrl: ${claude.baseUrl("ok")}
    apiKey: ${DEMO_API_KEYS.claude}
    model: claude-haiku-4-5
    probe: messages-stream
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
      await Promise.all([api.close(), claude.close(), clash.close(), office.close(), slow.close()]);
    },
  };
}
