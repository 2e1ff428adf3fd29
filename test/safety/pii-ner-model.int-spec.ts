import { join } from 'node:path';
import { PiiService } from '@docqa/safety';
import { bearer, FAST_AUTH_ENV, postJson, registerAccount, type Account } from '../support/accounts';
import { readJson, startApi, type RunningApp } from '../support/http-app';
import { databaseFor, databaseModes, testConfig } from '../support/test-env';
import { writeTinyNerModel } from './support/tiny-ner-model';

// The generated model tags the made-up word "xyzzy" as a person and nothing else, so the two sources of PERSON
// findings can be told apart: the heuristic finds "Maria Lopez" (a known given name), the model "xyzzy".
const TEXT = 'Memo from xyzzy: Maria Lopez approved the refund.';

interface Finding {
  entityType: string;
  start: number;
  end: number;
  score: number;
  recognizer: string;
}

/** PERSON from a local NER model when PII_NER_MODEL names one in MODELS_DIR, else the lower-confidence heuristic. */
describe.each(databaseModes())('PERSON over HTTP, with and without PII_NER_MODEL (%s database)', (mode) => {
  let cleanups: (() => Promise<void>)[] = [];
  let withModel: RunningApp;
  let withoutModel: RunningApp;
  let userWith: Account;
  let userWithout: Account;

  const people = async (app: RunningApp, user: Account): Promise<[string, string, number][]> => {
    const res = await postJson(
      `${app.url}/api/v1/safety/pii/analyze`,
      { text: TEXT, entities: ['PERSON'] },
      bearer(user.accessToken),
    );
    expect(res.status).toBe(200);
    const { findings } = (await readJson(res)) as { findings: Finding[] };
    return findings.map((f) => [TEXT.slice(f.start, f.end), f.recognizer, f.score]);
  };

  beforeAll(async () => {
    // Two apps, each with a database of its own (an embedded database belongs to one process).
    const [first, second] = [await databaseFor(mode), await databaseFor(mode)];
    cleanups = [first.cleanup, second.cleanup];
    const modelsDir = join(first.env.DATA_DIR, 'models');
    const { model } = await writeTinyNerModel(modelsDir);
    const common = { ...FAST_AUTH_ENV, EMBEDDING_PROVIDER: 'offline', MODELS_DIR: modelsDir };
    withModel = await startApi(testConfig({ ...first.env, ...common, PII_NER_MODEL: model }));
    withoutModel = await startApi(testConfig({ ...second.env, ...common }));
    // The model loads in the background; until it has, the heuristic answers.
    expect(await withModel.app.get(PiiService).nerSettled()).toBe(true);
    expect(await withoutModel.app.get(PiiService).nerSettled()).toBe(false);
    userWith = await registerAccount(withModel.url);
    userWithout = await registerAccount(withoutModel.url);
  });
  afterAll(async () => {
    await withModel?.close();
    await withoutModel?.close();
    for (const cleanup of cleanups) await cleanup();
  });

  it('takes names from the model when one is configured, with its scores', async () => {
    const found = await people(withModel, userWith);
    expect(found.map(([text, recognizer]) => [text, recognizer])).toEqual([['xyzzy', 'person-ner']]);
    expect(found[0][2]).toBeGreaterThan(0.5);
  });

  it('falls back to the heuristic without one, marked as such and scored at most 0.7', async () => {
    const found = await people(withoutModel, userWithout);
    expect(found.map(([text, recognizer]) => [text, recognizer])).toEqual([['Maria Lopez', 'person-heuristic']]);
    expect(found[0][2]).toBeLessThanOrEqual(0.7);
  });
});
