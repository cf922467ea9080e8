import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

// What keeps the CLI bundle small (see bench:cli): zod imported as a
// namespace (`import { z }` pulls in every locale, ~0.45 MB), and undici's
// runtime parts taken from lib/routes/undici-parts.ts (its index loads
// WebSocket, EventSource, cookies, caches and mocks).
const ROOT = join(import.meta.dirname, "../../..");
const SOURCE_DIRS = ["lib", "cli", "app", "components", "scripts"];

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ts|tsx|mts|mjs)$/.test(entry.name))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)))
    .filter((file) => !file.startsWith("lib/generated/"));
}

const files = SOURCE_DIRS.flatMap(sources);

describe("imports that keep the CLI lean", () => {
  it("finds the sources", () => {
    expect(files.length).toBeGreaterThan(100);
  });

  it("imports zod as a namespace, never `{ z }`", () => {
    const offenders = files.filter((file) => /^import \{[^}]*\bz\b[^}]*\} from "zod"/m.test(readFileSync(join(ROOT, file), "utf8")));
    expect(offenders).toEqual([]);
  });

  it("takes undici's runtime values from lib/routes/undici-parts.ts (types may come from the package)", () => {
    const offenders = files.filter((file) => /^import (?!type )[^;]* from "undici";/m.test(readFileSync(join(ROOT, file), "utf8")));
    expect(offenders).toEqual([]);
  });
});
