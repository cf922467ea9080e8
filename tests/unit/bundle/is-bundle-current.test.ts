import { mkdirSync, mkdtempSync, rmSync, unlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bundleEntry } from "@/scripts/bundle/bundle-entry.mjs";
import { currentBundleEntry } from "@/scripts/bundle/is-bundle-current.mjs";

let root: string;

function write(file: string, text: string): void {
  mkdirSync(dirname(join(root, file)), { recursive: true });
  writeFileSync(join(root, file), text);
}

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), "proxypulse-bundle-"));
  write("cli/main.ts", 'export async function main() { const { help } = await import("./help"); return help(); }\n');
  write("cli/help.ts", 'import { word } from "fakedep";\nexport const help = () => word;\n');
  write("cli/unused.ts", "export const unused = 1;\n");
  write("node_modules/fakedep/package.json", '{"name":"fakedep","version":"1.0.0","main":"index.js"}\n');
  write("node_modules/fakedep/index.js", 'exports.word = "usage";\n');
  await bundleEntry({ root, entry: "cli/main.ts", outdir: "dist/cli", outName: "proxypulse" });
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

const current = () => currentBundleEntry(root, join(root, "dist/cli"));

describe("the CLI bundle's freshness", () => {
  it("gives the bundle's entry, which runs, when no source changed", async () => {
    const entry = current();
    expect(entry).toBe(join(root, "dist/cli/proxypulse.mjs"));
    const { main } = (await import(entry!)) as { main: () => Promise<string> };
    expect(await main()).toBe("usage");
  });

  it.each<[string, () => void]>([
    ["the entry changed", () => write("cli/main.ts", "export async function main() { return 'x'; }\n")],
    ["a lazily imported module changed", () => write("cli/help.ts", 'export const help = () => "usage!";\n')],
    ["a source changed with the same size and a new mtime", () => write("cli/help.ts", 'import { word } from "fakedep";\nexport const help = () => wort;\n')],
    ["a source was removed", () => unlinkSync(join(root, "cli/help.ts"))],
    ["a bundled package's version changed", () => write("node_modules/fakedep/package.json", '{"name":"fakedep","version":"1.0.1","main":"index.js"}\n')],
    ["the bundle was removed", () => unlinkSync(join(root, "dist/cli/proxypulse.mjs"))],
    ["there is no manifest", () => unlinkSync(join(root, "dist/cli/manifest.json"))],
  ])("says stale (null) when %s", (_case, change) => {
    change();
    expect(current()).toBeNull();
  });

  it.each<[string, () => void]>([
    ["a file the bundle does not read changed", () => write("cli/unused.ts", "export const unused = 2;\n")],
    ["a source was only touched (same content, new mtime)", () => utimesSync(join(root, "cli/help.ts"), new Date(), new Date(Date.now() + 60_000))],
    ["a source was rewritten with the same content (a checkout)", () => write("cli/main.ts", 'export async function main() { const { help } = await import("./help"); return help(); }\n')],
  ])("stays current when %s", (_case, change) => {
    change();
    expect(current()).not.toBeNull();
  });
});
