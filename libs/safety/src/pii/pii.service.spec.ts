import { Logger } from '@nestjs/common';
import type { AppConfig } from '@docqa/core';
import { tempDataDir, type TempDir } from '../../../../test/support/test-env';
import { writeTinyNerModel } from '../../../../test/safety/support/tiny-ner-model';
import { defaultPolicy } from '../policy/safety-policy';
import type { SafetyPolicyService } from '../policy/safety-policy.service';
import { PiiService } from './pii.service';
import type { SafetyMetrics } from '../safety-metrics';

const WS = '0d7c8b7e-9a1f-4e52-b0b4-6a7e2f3c1d90';

describe('PiiService with PII_NER_MODEL', () => {
  let tmp: TempDir;
  let service: PiiService | undefined;
  let warnings: string[];

  function start(nerModel: string | undefined): PiiService {
    const config = {
      safety: { logMasking: true, nerModel },
      embeddings: { modelsDir: tmp.dir, allowDownloads: false },
    } as unknown as AppConfig;
    const policies = { policyFor: async () => defaultPolicy(WS) } as unknown as SafetyPolicyService;
    const metrics = { piiFound: () => undefined } as unknown as SafetyMetrics;
    service = new PiiService(config, policies, metrics);
    service.onModuleInit();
    return service;
  }

  beforeEach(async () => {
    tmp = await tempDataDir();
    warnings = [];
    jest.spyOn(Logger.prototype, 'warn').mockImplementation((m: unknown) => void warnings.push(String(m)));
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });
  afterEach(async () => {
    await service?.onModuleDestroy();
    service = undefined;
    jest.restoreAllMocks();
    await tmp.cleanup();
  });

  const people = async (pii: PiiService, text: string) =>
    (await pii.analyzeText(text, { entities: ['PERSON'] })).map((m) => [text.slice(m.start, m.end), m.recognizer]);

  it('finds PERSON with the model once it has loaded in the background', async () => {
    const { model } = await writeTinyNerModel(tmp.dir);
    const pii = start(model);
    expect(await pii.nerSettled()).toBe(true);
    expect(await people(pii, 'Memo from xyzzy: Maria Lopez approved it.')).toEqual([['xyzzy', 'person-ner']]);
    // The redactor for LLM calls uses it too.
    const redactor = await pii.redactorFor(WS);
    expect(await redactor.redact('ask xyzzy today')).toBe('ask <PERSON_1> today');
  });

  it('keeps the heuristic, with a warning naming MODELS_DIR and not the path, when the model is absent', async () => {
    const pii = start('nobody/absent-ner');
    expect(await pii.nerSettled()).toBe(false);
    expect(await people(pii, 'Memo from xyzzy: Maria Lopez approved it.')).toEqual([
      ['Maria Lopez', 'person-heuristic'],
    ]);
    expect(warnings.join('\n')).toMatch(/NER model "nobody\/absent-ner" is not in MODELS_DIR.*heuristic/);
    expect(warnings.join('\n')).not.toContain(tmp.dir);
  });

  it('uses the heuristic without trying to load anything when no model is configured', async () => {
    const pii = start(undefined);
    expect(await pii.nerSettled()).toBe(false);
    expect(await people(pii, 'Dear Maria Lopez')).toEqual([['Maria Lopez', 'person-heuristic']]);
    expect(warnings).toEqual([]);
  });
});
