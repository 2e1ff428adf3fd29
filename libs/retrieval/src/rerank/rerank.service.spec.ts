import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppConfig } from '@docqa/core';
import { LocalCrossEncoderReranker } from './local-cross-encoder.reranker';
import { RerankerUnavailableError } from './reranker';
import { RerankService } from './rerank.service';

function config(provider: 'none' | 'local', modelsDir: string): AppConfig {
  return {
    retrieval: { rerank: { provider, topN: 10, timeoutMs: 1000 } },
    embeddings: { modelsDir, allowDownloads: false },
    providers: { cohere: {} },
  } as unknown as AppConfig;
}

describe('RerankService', () => {
  const modelsDir = mkdtempSync(join(tmpdir(), 'docqa-rerank-'));
  afterAll(() => rmSync(modelsDir, { recursive: true, force: true }));

  it('says nothing is configured when RERANK_PROVIDER=none', async () => {
    const service = new RerankService(config('none', modelsDir));
    expect(service.configured).toBe(false);
    expect(await service.rerank('q', ['a'])).toEqual({ provider: 'none', outcome: 'not_configured' });
  });

  it('keeps the fused order while the local model is absent', async () => {
    const service = new RerankService(config('local', modelsDir));
    expect(service.provider).toBe('local');
    expect(await service.rerank('q', ['a', 'b'])).toEqual({ provider: 'local', outcome: 'unavailable' });
    await service.onModuleDestroy();
  });

  it('fails fast with RerankerUnavailableError, naming MODELS_DIR rather than the path', async () => {
    const reranker = new LocalCrossEncoderReranker({ model: 'nobody/none', modelsDir, allowDownloads: false });
    const call = reranker.rerank('q', ['a'], new AbortController().signal);
    await expect(call).rejects.toBeInstanceOf(RerankerUnavailableError);
    await expect(call).rejects.toThrow('is not in MODELS_DIR');
  });
});
