import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createWorkerApp } from '../../apps/worker/src/worker-app';
import { FAST_AUTH_ENV, registerAccount } from '../support/accounts';
import { markdownDoc } from '../support/document-fixtures';
import type { AppConfig } from '@docqa/core';
import { logCapture, startApi, type RunningApp } from '../support/http-app';
import {
  databaseFor,
  describeIf,
  SERVER_DATABASE_URL,
  SERVER_REDIS_URL,
  testConfig,
  uniqueName,
} from '../support/test-env';
import { EvaluationClient, jsonl } from './evaluation-client';

/**
 * Server mode: the API only enqueues the `evaluate` job on BullMQ; the worker app runs it (the API has no
 * processors in this mode), and the run's results are read back through the API.
 */
describeIf(!!SERVER_DATABASE_URL && !!SERVER_REDIS_URL, 'DATABASE_URL and REDIS_URL are not both set')(
  'evaluation runs in the worker (BullMQ)',
  () => {
    let db: { env: Record<string, string>; cleanup(): Promise<void> };
    let config: AppConfig;
    let api: RunningApp;
    let worker: NestFastifyApplication | undefined;

    async function startWorker(): Promise<void> {
      worker = await createWorkerApp(config, { logDestination: logCapture().stream });
      await worker.listen({ port: 0, host: '127.0.0.1' });
    }

    beforeAll(async () => {
      db = await databaseFor('server');
      config = testConfig({
        ...db.env,
        ...FAST_AUTH_ENV,
        REDIS_URL: SERVER_REDIS_URL,
        REDIS_KEY_PREFIX: uniqueName('eval'),
        EMBEDDING_PROVIDER: 'offline',
        THROTTLE_LIMIT: '100000',
        PRINCIPAL_THROTTLE_LIMIT: '100000',
        LLM_RATE_LIMIT_PER_MINUTE: '100000',
      });
      api = await startApi(config);
      await startWorker();
    });

    afterAll(async () => {
      await api?.close();
      await worker?.close();
      await db?.cleanup();
    });

    it('waits for a worker (the API runs no evaluation), which runs the dataset and keeps its results', async () => {
      const client = new EvaluationClient(api.url, await registerAccount(api.url));
      await client.ingest(
        'kettle.md',
        markdownDoc([['Warranty', 'The warranty period of the kettle is two years from the date of purchase.']]),
      );
      const up = await client.uploadDataset(
        jsonl([
          {
            question: 'How long is the warranty period of the kettle?',
            groundTruth: 'Two years from the date of purchase.',
          },
          { question: 'Is the kettle blue?', groundTruth: 'The documents do not say.', referenceContexts: [] },
        ]),
        { name: 'worker set' },
      );
      expect(up.status).toBe(201);

      await worker!.close();
      worker = undefined;
      const started = await client.send('POST', '/evaluation/runs', { datasetId: up.body.id });
      expect(started.status).toBe(202);
      // Without a worker the job waits in Redis: the API only enqueues it.
      for (let i = 0; i < 10; i++) {
        await new Promise((r) => setTimeout(r, 100));
        expect((await client.get(`/evaluation/runs/${started.body.id}`)).body.status).toBe('queued');
      }

      await startWorker();
      const run = await client.finished(started.body.id);
      expect(run).toMatchObject({ status: 'completed', judge: 'offline', progress: { done: 2, total: 2, failed: 0 } });
      expect(run.summary.hitRate).toMatchObject({ mean: 1, count: 1 });
      expect((await client.get(`/evaluation/runs/${run.id}/items`)).body.total).toBe(2);
    });
  },
);
