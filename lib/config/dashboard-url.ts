import { readEnv } from "../env";

/**
 * The dashboard's address for links in alerts: `publicUrl` from
 * proxypulse.yaml, else this machine on the port it serves on (PORT, as
 * `npm start` reads it; 3000 by default), without a trailing slash.
 */
export function dashboardUrl(publicUrl: string | null | undefined): string {
  const port = readEnv().PORT;
  return (publicUrl ?? `http://localhost:${port && /^\d{1,5}$/.test(port) ? port : 3000}`).replace(/\/$/, "");
}
