// The status page's first load: the JavaScript it makes a browser download,
// compressed (target < 150 KB). Measured on the built app serving the demo.
import { brotliCompressSync, gzipSync } from "node:zlib";
import { startDemo } from "../lib/demo/start-demo";

const demo = await startDemo({ port: Number(process.env.PORT ?? 3412), log: () => undefined });
try {
  for (const path of ["/status", "/login"]) {
    const html = await (await fetch(`${demo.url}${path}`)).text();
    const scripts = [...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((match) => match[1]!);
    let raw = 0;
    let gzip = 0;
    let brotli = 0;
    for (const src of scripts) {
      const body = Buffer.from(await (await fetch(new URL(src, demo.url))).arrayBuffer());
      raw += body.length;
      gzip += gzipSync(body, { level: 9 }).length;
      brotli += brotliCompressSync(body).length;
    }
    const inline = [...html.matchAll(/<script(?![^>]*src=)[^>]*>([\s\S]*?)<\/script>/g)].reduce((sum, match) => sum + (match[1]?.length ?? 0), 0);
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
    console.log(`${path.padEnd(8)} ${scripts.length} scripts: ${kb(raw)} raw, ${kb(gzip)} gzip, ${kb(brotli)} brotli (+ ${kb(inline)} inline data)${path === "/status" ? "   (target < 150 KB compressed)" : ""}`);
  }
} finally {
  await demo.stop();
}
