import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadProvider, PROBE_KIND_NAMES, PROVIDER_IDS, providerInfo } from "@/lib/providers/registry";

const PROVIDERS_DIR = join(import.meta.dirname, "../../../lib/providers");

describe("the provider registry", () => {
  it("knows each provider folder under lib/providers, by its id (shared/ holds what providers share, not a provider)", () => {
    const folders = readdirSync(PROVIDERS_DIR, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && entry.name !== "shared")
      .map((entry) => entry.name);
    expect([...PROVIDER_IDS].sort()).toEqual(folders.sort());
    for (const id of PROVIDER_IDS) expect(providerInfo(id).id).toBe(id);
  });

  it("gives every provider at least one kind, each with its cost, and lists every kind once", () => {
    for (const id of PROVIDER_IDS) {
      const kinds = Object.entries(providerInfo(id).kinds);
      expect(kinds.length).toBeGreaterThan(0);
      for (const [name, kind] of kinds) {
        expect(["tokens", "free"]).toContain(kind.cost);
        expect(PROBE_KIND_NAMES).toContain(name);
      }
    }
    expect(new Set(PROBE_KIND_NAMES).size).toBe(PROBE_KIND_NAMES.length);
  });

  it.each(PROVIDER_IDS)("loads %s's implementation with its descriptor's id, label, defaults and exactly its kinds", async (id) => {
    const provider = await loadProvider(id);
    const info = providerInfo(id);
    expect({ id: provider.id, label: provider.label, defaults: provider.defaults, baseUrlPresets: provider.baseUrlPresets }).toEqual({ id: info.id, label: info.label, defaults: info.defaults, baseUrlPresets: info.baseUrlPresets });
    expect(Object.keys(provider.kinds)).toEqual(Object.keys(info.kinds));
  });

  it("keeps providers apart: no provider imports another's folder (shared/ is for that)", () => {
    for (const id of PROVIDER_IDS) {
      for (const file of readdirSync(join(PROVIDERS_DIR, id), { recursive: true, encoding: "utf8" })) {
        if (!file.endsWith(".ts")) continue;
        const source = readFileSync(join(PROVIDERS_DIR, id, file), "utf8");
        const imported = [...source.matchAll(/from "\.\.\/([\w-]+)\//g)].map((match) => match[1]);
        expect(imported.filter((folder) => PROVIDER_IDS.includes(folder as never) && folder !== id), `${id}/${file}`).toEqual([]);
      }
    }
  });
});
