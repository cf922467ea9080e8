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
  write("cli/help.ts", 'export const help = () => "usage";\n');
  write("cli/unused.ts", "export const unused = 1;\n");
  write("package-lock.json", "{}\n");
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
    ["a source was touched (new mtime)", () => utimesSync(join(root, "cli/help.ts"), new Date(), new Date(Date.now() + 60_000))],
    ["a source was removed", () => unlinkSync(join(root, "cli/help.ts"))],
    ["the dependencies changed (lockfile)", () => write("package-lock.json", '{"x":1}\n')],
    ["the bundle was removed", () => unlinkSync(join(root, "dist/cli/proxypulse.mjs"))],
    ["there is no manifest", () => unlinkSync(join(root, "dist/cli/manifest.json"))],
  ])("says stale (null) when %s", (_case, change) => {
    change();
    expect(current()).toBeNull();
  });

  it("ignores files the bundle does not read", () => {
    write("cli/unused.ts", "export const unused = 2;\n");
    expect(current()).not.toBeNull();
  });
});
