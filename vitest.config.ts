import { defineConfig } from "vitest/config";

const alias = { "@": new URL("./", import.meta.url).pathname };
const shared = {
  environment: "node" as const,
  testTimeout: 20_000,
  hookTimeout: 20_000,
  // Loopback servers per file; files in parallel is fine on 2 cores.
  pool: "forks" as const,
};

/**
 * The service-level suites that run a second time on PostgreSQL (the
 * "postgresql" project: each file's service gets a database of its own in one
 * throw-away cluster). They read rows through the API, Prisma, the Store or
 * tests/helpers/read-rows.ts (SQL on either engine), so the same assertions
 * hold on both engines; the few checks of one engine's own mechanism say so
 * (TEST_ENGINE). Store-level suites open their database with createTestStore.
 */
const BOTH_ENGINES = [
  "tests/integration/api.test.ts",
  "tests/integration/api-bad-input.test.ts",
  "tests/integration/notifications.test.ts",
  "tests/integration/notification-channels.test.ts",
  "tests/integration/session-auth.test.ts",
  "tests/integration/locations-api.test.ts",
  "tests/integration/http-hardening.test.ts",
  "tests/integration/test-route-budget.test.ts",
  "tests/integration/ca-file-config.test.ts",
  "tests/integration/hardening/maintenance-cap.test.ts",
  "tests/integration/record-results.test.ts",
  "tests/integration/recent-failures.test.ts",
  "tests/integration/status-export.test.ts",
  "tests/integration/route-control.test.ts",
  "tests/integration/skipped-slots.test.ts",
  "tests/integration/summaries-service.test.ts",
  "tests/integration/status-page.test.ts",
  "tests/integration/best-route.test.ts",
  "tests/integration/probe-cost-api.test.ts",
  "tests/integration/quota-dates.test.ts",
  "tests/integration/kept-settings.test.ts",
  "tests/integration/overview-paging.test.ts",
  "tests/integration/stream-results-storage.test.ts",
  "tests/integration/route-range-summary.test.ts",
  "tests/integration/delivery-lanes-start.test.ts",
  "tests/integration/pair-current-state.test.ts",
  "tests/integration/loc-views-listing.test.ts",
  "tests/integration/loc-views-alerts.test.ts",
  "tests/integration/loc-views-best-route.test.ts",
  "tests/integration/loc-best-route-offline.test.ts",
  "tests/integration/loc-views-status-metrics.test.ts",
  "tests/integration/agent-presence-degradation.test.ts",
  "tests/integration/agent-offline-replay.test.ts",
  "tests/integration/worker-process.test.ts",
];

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          ...shared,
          name: "sqlite",
          include: ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts"],
          // The CLI tests run the bundle in dist/: built here when a source changed.
          globalSetup: ["tests/helpers/build-bundles-setup.ts"],
        },
      },
      {
        resolve: { alias },
        test: {
          ...shared,
          name: "postgresql",
          include: BOTH_ENGINES,
          env: { PROXYPULSE_TEST_ENGINE: "postgresql" },
          globalSetup: ["tests/helpers/pg-global-setup.ts"],
        },
      },
    ],
  },
});
