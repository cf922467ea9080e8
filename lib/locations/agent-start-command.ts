/**
 * The command the Locations page shows to start a location's agent, run in
 * a ProxyPulse checkout on that machine. The token goes in the environment,
 * not on the command line (which every user of the machine can read in the
 * process list), and `npx --no` runs only the checkout's own `proxypulse`:
 * the package is not on npm, and a bare `npx proxypulse` outside a checkout
 * would download whatever someone publishes under that name and hand it the
 * token.
 */
export function agentStartCommand(hubUrl: string, token: string): string {
  return `PROXYPULSE_AGENT_TOKEN=${token} npx --no proxypulse agent --hub ${hubUrl}`;
}
