import { Test } from '@nestjs/testing';
import { register, type Counter } from 'prom-client';
import { AppConfigModule, RedisModule } from '@docqa/core';
import { tempDataDir, testConfig, type TempDir } from '../../../test/support/test-env';
import { EmbeddingService } from './embedding.service';
import { EmbeddingsModule } from './embeddings.module';
import { OFFLINE_EMBEDDER_ID } from './offline/offline.embedder';

async function offlineTextsCounted(): Promise<number> {
  const metric = register.getSingleMetric('embeddings_texts_total') as Counter | undefined;
  if (!metric) return 0;
  const { values } = await metric.get();
  return values.find((v) => v.labels.provider === 'offline' && v.labels.cache === 'off')?.value ?? 0;
}

describe('EmbeddingsModule', () => {
  let tmp: TempDir;
  beforeEach(async () => (tmp = await tempDataDir()));
  afterEach(() => tmp.cleanup());

  it('builds EmbeddingService from the app config and core Redis token, reporting to the Prometheus registry', async () => {
    const config = testConfig({ DATA_DIR: tmp.dir, EMBEDDING_PROVIDER: 'offline' });
    const moduleRef = await Test.createTestingModule({
      imports: [AppConfigModule.forRoot(config), RedisModule.forRoot(config, 'test'), EmbeddingsModule],
    }).compile();
    try {
      const service = moduleRef.get(EmbeddingService);
      const before = await offlineTextsCounted();
      expect((await service.defaultEmbedder()).id).toBe(OFFLINE_EMBEDDER_ID);
      expect(await service.embedDocuments(OFFLINE_EMBEDDER_ID, ['a', 'b'])).toHaveLength(2);
      expect((await offlineTextsCounted()) - before).toBe(2);
    } finally {
      await moduleRef.close();
    }
  });
});
