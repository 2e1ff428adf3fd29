import { tempDataDir, type TempDir } from '../../../../../test/support/test-env';
import { writeTinyNerModel } from '../../../../../test/safety/support/tiny-ner-model';
import { PiiAnalyzer } from '../pii-analyzer';
import { NerPersonRecognizer } from './ner-person.recognizer';

describe('NerPersonRecognizer on a generated model (real transformers.js, no network)', () => {
  let tmp: TempDir;
  const loaded: NerPersonRecognizer[] = [];

  beforeEach(async () => {
    tmp = await tempDataDir();
  });

  afterEach(async () => {
    await Promise.all(loaded.splice(0).map((r) => r.dispose()));
    await tmp.cleanup();
  });

  async function load(model: string): Promise<NerPersonRecognizer> {
    const ner = await NerPersonRecognizer.load({ model, modelsDir: tmp.dir, allowDownloads: false });
    loaded.push(ner);
    return ner;
  }

  it('finds the people the model tags, with offsets into the original text and the model scores', async () => {
    const { model } = await writeTinyNerModel(tmp.dir);
    const ner = await load(model);
    const text = 'Please contact Xyzzy and then ZYX about the plan.';
    const people = await ner.recognize(text);
    expect(people.map((m) => [text.slice(m.start, m.end), m.recognizer])).toEqual([
      ['Xyzzy', 'person-ner'],
      ['ZYX', 'person-ner'],
    ]);
    for (const m of people) expect(m.score).toBeGreaterThan(0.9);
  });

  it('reads a long text window by window, going on where the model truncated one, with offsets into the whole text', async () => {
    const { model } = await writeTinyNerModel(tmp.dir);
    const ner = await load(model);
    const filler = 'the plan was agreed on the call. '.repeat(40);
    const text = `${filler}Ask xyz.\n${filler}Then ask zzy.`;
    const people = await ner.recognize(text);
    expect(people.map((m) => text.slice(m.start, m.end))).toEqual(['xyz', 'zzy']);
  });

  it('replaces the heuristic in the analyzer while it is loaded', async () => {
    const { model } = await writeTinyNerModel(tmp.dir);
    const ner = await load(model);
    const analyzer = new PiiAnalyzer(undefined, () => ner);
    const text = 'Memo from xyzzy: Maria Lopez approved it.';
    const found = await analyzer.analyze(text, { entities: ['PERSON'] });
    expect(found.map((m) => [text.slice(m.start, m.end), m.recognizer])).toEqual([['xyzzy', 'person-ner']]);
  });

  it('refuses a model that is absent, or has no person label', async () => {
    await expect(load('nobody/absent')).rejects.toThrow(/is not in MODELS_DIR/);
    const { model } = await writeTinyNerModel(tmp.dir, { model: 'test/no-person', labels: ['O', 'B-LOC', 'I-LOC'] });
    await expect(load(model)).rejects.toThrow(/no PER or PERSON label/);
  });
});
