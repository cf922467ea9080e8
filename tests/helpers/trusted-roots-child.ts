// Run by tests/integration/trusted-roots.test.ts in a child process (so that
// NODE_EXTRA_CA_CERTS is read at start, as Node does): connects to each TLS
// server named in argv with and without the CA file's context, in the order
// given, and prints which handshakes verified.
import tls from "node:tls";
import { secureContextFor } from "../../lib/routes/trusted-roots";

const [caFile, ...ports] = process.argv.slice(2);

function verifies(port: number, secureContext: tls.SecureContext | undefined): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tls.connect({ host: "127.0.0.1", port, servername: "localhost", ...(secureContext ? { secureContext } : {}) }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on("error", () => resolve(false));
  });
}

const results: Record<string, boolean> = {};
for (const port of ports.map(Number)) results[`withCaFile:${port}`] = await verifies(port, secureContextFor(caFile));
// After the CA file's context exists: the process-wide defaults must not have learnt its CA.
for (const port of ports.map(Number)) results[`defaults:${port}`] = await verifies(port, undefined);
console.log(JSON.stringify(results));
