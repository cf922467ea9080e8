import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts"],
    environment: "node",
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Loopback servers per file; files in parallel is fine on 2 cores.
    pool: "forks",
    // The CLI tests run the bundle in dist/: built here when a source changed.
    globalSetup: ["tests/helpers/build-bundles-setup.ts"],
  },
  resolve: { alias: { "@": new URL("./", import.meta.url).pathname } },
});
