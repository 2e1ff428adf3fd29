import { createHash } from 'node:crypto';
import { dot } from '../vector-math';
import { OFFLINE_EMBEDDER_ID, OfflineEmbedder } from './offline.embedder';

const embedder = new OfflineEmbedder();
const cos = (a: string, b: string) => dot(embedder.embed(a), embedder.embed(b));

describe('OfflineEmbedder', () => {
  it('is the 384-dimension hashing embedder, needing nothing', () => {
    expect(embedder.id).toBe(OFFLINE_EMBEDDER_ID);
    expect(embedder.id).toBe('offline:hash-384-v1');
    expect(embedder.dimension).toBe(384);
  });

  it('returns unit vectors for every kind of text, including ones without a single word', async () => {
    const texts = ['Hello world', '', '   ', '!!! ??? ...', '机器学习模型', 'naïve café', '🙂🙂', 'x'.repeat(100_000)];
    const vectors = await embedder.embedDocuments(texts);
    expect(vectors).toHaveLength(texts.length);
    for (const v of vectors) {
      expect(v).toBeInstanceOf(Float32Array);
      expect(v).toHaveLength(384);
      expect(dot(v, v)).toBeCloseTo(1, 5);
    }
    // Texts without words share one vector rather than having none.
    expect(vectors[1]).toEqual(vectors[3]);
  });

  it('is deterministic: the same text gives the same vector, in any instance, as passage or query', async () => {
    const text = 'Retrieval-augmented generation cites its sources.';
    const [a] = await embedder.embedDocuments([text]);
    expect(await new OfflineEmbedder().embedQuery(text)).toEqual(a);
  });

  it('keeps the v1 vectors frozen (a change needs a new id)', () => {
    const v = embedder.embed('The quick brown fox jumps over the lazy dog; foxes are quick.');
    const rounded = Int32Array.from(v, (x) => Math.round(x * 1e5));
    expect(createHash('sha256').update(Buffer.from(rounded.buffer)).digest('hex').slice(0, 16)).toBe(
      '8d7ac231a4a25629',
    );
  });

  it('scores a query closer to the passage that answers it than to an unrelated one', () => {
    const query = 'How do vaccines train the immune system?';
    const relevant =
      'Vaccines expose the immune system to a harmless antigen, so that it produces antibodies and memory cells ' +
      'before meeting the real pathogen.';
    const unrelated =
      'The central bank raised interest rates by a quarter point, citing persistent inflation in services and housing.';
    expect(cos(query, relevant)).toBeGreaterThan(0.2);
    expect(cos(query, relevant)).toBeGreaterThan(cos(query, unrelated) + 0.15);
    expect(Math.abs(cos(query, unrelated))).toBeLessThan(0.15);
  });

  it('matches plurals, case and accents, and ignores stop words', () => {
    expect(cos('Vaccines', 'vaccine')).toBeCloseTo(1, 5);
    expect(cos('CAFÉ', 'cafe')).toBeCloseTo(1, 5);
    expect(cos('the policies of the company', 'policy company')).toBeCloseTo(1, 5);
    expect(cos('analysis', 'analysi')).toBeLessThan(0.5);
  });

  it('gives word order some weight through word pairs', () => {
    expect(cos('machine learning model', 'machine learning model')).toBeCloseTo(1, 5);
    expect(cos('machine learning model', 'model learning machine')).toBeLessThan(0.99);
    expect(cos('machine learning model', 'model learning machine')).toBeGreaterThan(0.8);
  });

  it('matches Chinese and Japanese text through character pairs', () => {
    expect(cos('机器学习模型', '机器学习')).toBeGreaterThan(0.5);
    expect(cos('机器学习模型', '天气预报')).toBeLessThan(0.2);
    expect(cos('東京の天気', '東京')).toBeGreaterThan(0.3);
  });

  it('honours an aborted signal', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(embedder.embedDocuments(['x'], controller.signal)).rejects.toThrow('stop');
  });
});
