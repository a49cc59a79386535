import { dropStaleTestDatabases } from '../../packages/db/src/testing/test-database';

export default async function globalTeardown(): Promise<void> {
  await dropStaleTestDatabases(true);
}
