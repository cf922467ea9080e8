// Runs once per server instance: start monitoring with the server (Node
// runtime only; the edge runtime has no sockets or SQLite).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // Before any request is served: tag each request with its socket address (rate limits).
  const { installPeerAddressTag } = await import("./lib/http/client-address");
  installPeerAddressTag();
  const { startFromServer } = await import("./lib/monitoring/start-from-server");
  await startFromServer();
}
