import { mkdirSync, mkdtempSync, rmSync, unlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildState, computeBuildFingerprint, writeBuildStamp } from "@/scripts/start/build-fingerprint.mjs";

let root: string;

function write(file: string, text: string): void {
  mkdirSync(dirname(join(root, file)), { recursive: true });
  writeFileSync(join(root, file), text);
}

/** A project as `next build` left it: sources, a build, and the stamp written after it. */
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "proxypulse-fingerprint-"));
  write("app/page.tsx", "export default function Page() { return null; }\n");
  write("lib/env.ts", "export const x = 1;\n");
  write("components/chart.tsx", "export {};\n");
  write("package-lock.json", '{"lockfileVersion":3}\n');
  write("tsconfig.json", "{}\n");
  write("prisma/schema.prisma", "// schema\n");
  write("next.config.js", "export default {};\n");
  write("tests/unit/a.test.ts", "// not a build input\n");
  write(".next/BUILD_ID", "abc\n");
  writeBuildStamp(root, computeBuildFingerprint(root));
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

const state = () => buildState(root, computeBuildFingerprint(root));

describe("build fingerprint", () => {
  it("says current when nothing changed since the build", () => {
    expect(state()).toBe("current");
  });

  it.each<[string, () => void]>([
    ["a page changed", () => write("app/page.tsx", "export default function Page() { return 1; }\n")],
    ["a lib module changed", () => write("lib/env.ts", "export const x = 2;\n")],
    ["a component was added", () => write("components/table.tsx", "export {};\n")],
    ["a lib module was removed", () => unlinkSync(join(root, "lib/env.ts"))],
    ["a dependency changed (lockfile)", () => write("package-lock.json", '{"lockfileVersion":3,"x":1}\n')],
    ["tsconfig changed", () => write("tsconfig.json", '{"compilerOptions":{}}\n')],
    ["the Prisma schema changed", () => write("prisma/schema.prisma", "// schema 2\n")],
    ["next.config.js changed", () => write("next.config.js", "export default { a: 1 };\n")],
    ["the Prisma client was regenerated differently", () => write("lib/generated/prisma/client.ts", "export {};\n")],
    ["the build is gone", () => rmSync(join(root, ".next"), { recursive: true })],
    ["the build has no stamp (made by next build directly)", () => unlinkSync(join(root, ".next/proxypulse-build-stamp.json"))],
    ["the stamp is unreadable", () => write(".next/proxypulse-build-stamp.json", "{")],
  ])("says rebuild when %s", (_case, change) => {
    change();
    expect(state()).toBe("rebuild");
  });

  it.each<[string, () => void]>([
    ["a file was only touched (same content, new mtime)", () => utimesSync(join(root, "lib/env.ts"), new Date(), new Date(Date.now() + 60_000))],
    ["a test changed (not a build input)", () => write("tests/unit/a.test.ts", "// changed\n")],
    ["a file was rewritten with the same content", () => write("app/page.tsx", "export default function Page() { return null; }\n")],
  ])("stays current when %s", (_case, change) => {
    change();
    expect(state()).toBe("current");
  });
});
