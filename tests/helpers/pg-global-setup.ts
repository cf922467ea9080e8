// vitest globalSetup of the "postgresql" project: one throw-away cluster for
// the run (each test file makes its own database in it: test-database-url.ts).
import type { TestProject } from "vitest/node";
import { startPgCluster } from "../../scripts/db/pg-cluster";

declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cluster = await startPgCluster();
  project.provide("pgAdminUrl", cluster.url);
  return () => cluster.stop();
}
