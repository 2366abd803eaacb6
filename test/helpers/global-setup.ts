import type { TestProject } from 'vitest/node';
import { buildIfStale } from '../../scripts/build-if-stale.mjs';
import { findPgBin, startCluster, type Cluster } from '../../scripts/pg-cluster';
import { makeTemplateDatabase } from './pg-template';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The superuser URL of the run's throwaway PostgreSQL cluster, or null where PostgreSQL is not installed (never in CI). */
    postgresUrl: string | null;
    /** A database on that cluster with every migration applied and no rows: new test databases are copies of it. */
    postgresTemplate: string | null;
  }
}

/**
 * Browser and bundle-size tests run against the real build; make sure it matches the sources. Then
 * a throwaway PostgreSQL cluster for the PostgreSQL variants of the store tests: `UPSHIFT_TEST_POSTGRES_URL`
 * when set (a superuser's URL; each test file makes and drops its own databases), else one started
 * here. Where PostgreSQL is not installed those variants are skipped, with a note, except in CI.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  buildIfStale();
  let cluster: Cluster | undefined;
  let url = process.env.UPSHIFT_TEST_POSTGRES_URL || null;
  if (!url) {
    if (findPgBin()) {
      cluster = await startCluster();
      url = cluster.url;
    } else if (process.env.CI) {
      throw new Error("CI runs the PostgreSQL tests, and PostgreSQL's server is not installed: .ci/run installs Debian's postgresql package");
    } else {
      console.warn("PostgreSQL's server is not installed here: the PostgreSQL variants of the store tests are skipped (CI runs them). Debian: apt-get install -y postgresql");
    }
  }
  // Migrating a new database costs hundreds of milliseconds; copying a migrated one a few dozen.
  const template = url ? await makeTemplateDatabase(url) : null;
  project.provide('postgresUrl', url);
  project.provide('postgresTemplate', template?.name ?? null);
  if (url) process.env.UPSHIFT_TEST_POSTGRES_URL = url;
  return async () => {
    await template?.drop();
    cluster?.stop();
  };
}
