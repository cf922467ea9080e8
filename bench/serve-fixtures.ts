// Starts the loopback fixtures (fake OpenAI over TLS, HTTP CONNECT and SOCKS5
// proxies) in their own process, so that they do not share a thread with the
// client being measured, and prints their addresses as one JSON line.
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { testPki } from "../tests/fixtures/certificates";
import { startFakeOpenAI } from "../tests/fixtures/fake-openai";
import { startHttpProxy, startSocks5Proxy } from "../tests/fixtures/fake-proxies";

const pki = await testPki();
const caFile = join(tmpdir(), `proxypulse-bench-ca-${process.pid}.pem`);
writeFileSync(caFile, pki.caCert);
const api = await startFakeOpenAI({ tls: pki.server });
const http = await startHttpProxy();
const httpAuth = await startHttpProxy({ auth: { username: "bench", password: "bench-pass" } });
const socks = await startSocks5Proxy();
process.stdout.write(`${JSON.stringify({ caFile, apiOrigin: api.origin, http: http.url, httpAuth: httpAuth.url, socks: socks.url })}\n`);
process.on("SIGTERM", () => process.exit(0));
