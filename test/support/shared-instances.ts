import type { AppConfig } from '@docqa/core';
import type { RunningApp } from './http-app';
import { databaseFor, SERVER_REDIS_URL, testConfig, uniqueName } from './test-env';

export interface SharedInstances {
  apps: RunningApp[];
  close(): Promise<void>;
}

/**
 * Several api instances on one fresh PostgreSQL database and one Redis key prefix, sharing a JWT secret,
 * as behind a load balancer: a token issued by one is accepted by the others. Needs DATABASE_URL and
 * REDIS_URL (guard the suite with describeIf).
 */
export async function startSharedInstances(
  start: (config: AppConfig) => Promise<RunningApp>,
  env: Record<string, string>,
  count = 2,
): Promise<SharedInstances> {
  const db = await databaseFor('server');
  const apps: RunningApp[] = [];
  const shared = {
    ...db.env,
    ...env,
    REDIS_URL: SERVER_REDIS_URL,
    REDIS_KEY_PREFIX: uniqueName('shared'),
    JWT_SECRET: 'shared-secret-of-all-instances-'.padEnd(48, 'x'),
  };
  for (let i = 0; i < count; i++) apps.push(await start(testConfig(shared)));
  return {
    apps,
    close: async () => {
      for (const app of apps) await app.close();
      await db.cleanup();
    },
  };
}
