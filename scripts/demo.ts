// npm run demo: ProxyPulse on simulated data, no API key needed.
import { startDemo } from "../lib/demo/start-demo";

const port = Number(process.env.PORT ?? 3000);
const demo = await startDemo({ port });
console.log(`
ProxyPulse demo: ${demo.url}   (log in with the token: ${demo.token})
Simulated API and proxies on this machine, probed every 10 s, with scripted episodes:
clash-hk dies 3 minutes into every 6 and comes back 90 s later; OpenAI (demo) is rate limited
in the second minute of every 6; Team credit (demo) runs out of quota after 2.5 minutes;
socks-sg is a slow node. The status page is at ${demo.url}/status. Ctrl-C stops it.
`);
const stop = () => void demo.stop().finally(() => process.exit(0));
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
