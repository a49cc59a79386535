import { dropStaleTestDatabases, prepareTemplateDatabase } from '../../packages/db/src/testing/test-database';

// Runs once before the integration project: a fresh migrated template database for every test file
// to clone. Stale per-file databases of an interrupted earlier run are dropped first.
export default async function globalSetup(): Promise<void> {
  await dropStaleTestDatabases();
  await prepareTemplateDatabase();
}
