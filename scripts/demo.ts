// npm run demo: ProxyPulse on simulated data, no API key needed.
import { DEMO_EPISODES } from "../lib/demo/demo-world";
import { startDemo } from "../lib/demo/start-demo";

const port = Number(process.env.PORT ?? 3000);
// The demo's admin token is published (below and in the README): only this machine may reach it unless HOST says otherwise.
const host = process.env.HOST ?? "127.0.0.1";
const demo = await startDemo({ port, host });
const minutes = (ms: number) => `${ms / 60_000} min`;
const seconds = (ms: number) => `${ms / 1000} s`;
const { clashOutage, rateLimit, quota } = DEMO_EPISODES;
console.log(`
ProxyPulse demo: ${demo.url}   (log in with the token: ${demo.token})
Simulated API and proxies on this machine, probed every 10 s, with scripted episodes (from the start):
clash-hk dies ${minutes(clashOutage.fromMs)} into every ${minutes(clashOutage.cycleMs)} and comes back ${seconds(clashOutage.toMs - clashOutage.fromMs)} later;
OpenAI (demo) is rate limited for ${seconds(rateLimit.toMs - rateLimit.fromMs)}, ${minutes(rateLimit.fromMs)} into every ${minutes(rateLimit.cycleMs)};
Team credit (demo) runs out of quota ${minutes(quota.fromMs)} into every ${minutes(quota.cycleMs)}, for ${seconds(quota.toMs - quota.fromMs)};
socks-sg is a slow node. The status page is at ${demo.url}/status. Ctrl-C stops it.
`);
const stop = () => void demo.stop().finally(() => process.exit(0));
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
