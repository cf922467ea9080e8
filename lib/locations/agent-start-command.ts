/**
 * The command the Locations page shows to start a location's agent, run in
 * a ProxyPulse checkout on that machine. The token goes in the environment,
 * not on the command line (which every user of the machine can read in the
 * process list). The checkout's own bin, run by node: `npx proxypulse`
 * outside a checkout would download whatever someone publishes under that
 * name (the package is not on npm) and hand it the token, and npx runs the
 * agent as a grandchild that a signal to npx leaves running (holding its
 * data dir).
 */
export function agentStartCommand(hubUrl: string, token: string): string {
  return `PROXYPULSE_AGENT_TOKEN=${token} node bin/proxypulse.js agent --hub ${hubUrl}`;
}
