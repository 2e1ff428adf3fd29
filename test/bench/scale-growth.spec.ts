import { growthExponent, recallAt, summarizeRecall } from '../../bench/scale/growth/recall';
import { growthRows, growthSummary, storageRows, type SizeResult } from '../../bench/scale/growth/report';
import {
  CHUNKS,
  DENSE,
  FILTERED_VARIANTS,
  UNFILTERED_VARIANTS,
  binarySql,
  exactSql,
  halfvecSql,
  hnswSql,
  type ChunkFilter,
} from '../../bench/scale/growth/variants';

describe('bench:scale recall', () => {
  it('counts the share of the exact top k found in the first k returned', () => {
    expect(recallAt(3, ['a', 'b', 'c'], ['c', 'b', 'a'])).toBe(1);
    expect(recallAt(3, ['a', 'x', 'y', 'b'], ['a', 'b', 'c'])).toBeCloseTo(1 / 3);
    expect(recallAt(2, [], ['a', 'b'])).toBe(0);
    expect(recallAt(2, ['a'], [])).toBe(1);
  });

  it('averages over the queries with an exact answer and counts short answers', () => {
    const exact = new Map([
      [1, ['a', 'b']],
      [2, ['c', 'd']],
      [3, ['e', 'f']],
    ]);
    const answers = new Map([
      [1, ['a', 'b']],
      [2, ['c']],
      [4, ['z', 'y']],
    ]);
    const s = summarizeRecall(2, answers, exact);
    expect(s.queries).toBe(2);
    expect(s.recall).toBeCloseTo(0.75);
    expect(s.short).toBe(1);
  });

  it('reads growth as the exponent of cost ~ size^b', () => {
    expect(growthExponent(10_000, 5, 1_000_000, 5)).toBeCloseTo(0);
    expect(growthExponent(10_000, 1, 1_000_000, 100)).toBeCloseTo(1);
    expect(growthExponent(10_000, 2, 100_000, 2 * Math.sqrt(10))).toBeCloseTo(0.5);
    expect(growthExponent(10_000, 0, 100_000, 3)).toBeNaN();
  });
});

describe('bench:scale SQL of each setting', () => {
  const filter: ChunkFilter = {
    name: 'one collection',
    share: 0.1,
    sql: (p) => `"ch"."collection_id" = $${p}`,
    params: ['c'],
  };

  it('sets ef_search and the iterative scan for the statement only, on the index expression', () => {
    const sql = hnswSql(100, 'relaxed_order')(CHUNKS, filter);
    expect(sql).toContain(`set_config('hnsw.ef_search', '100', true)`);
    expect(sql).toContain(`set_config('hnsw.iterative_scan', 'relaxed_order', true)`);
    expect(sql).toContain(`ORDER BY "ch"."embedding"::vector(384) <=> (SELECT $1::vector(384)`);
    expect(sql).toContain(`WHERE "ch"."embedding_dim" = 384 AND "ch"."collection_id" = $2`);
    expect(() => hnswSql(0, 'off')).not.toThrow();
    expect(() => hnswSql(0, 'off')(CHUNKS)).toThrow(RangeError);
    expect(() => hnswSql(1001, 'off')(CHUNKS)).toThrow(RangeError);
  });

  it('casts both sides to halfvec, and re-ranks binary candidates by full cosine distance', () => {
    expect(halfvecSql(40)(CHUNKS)).toContain(`ORDER BY "ch"."embedding"::halfvec(384) <=> (SELECT $1::halfvec(384)`);
    const bq = binarySql(40, 100)(DENSE);
    expect(bq).toMatch(/ORDER BY binary_quantize\("ch"\."embedding"\)::bit\(384\) <~> binary_quantize\(/);
    expect(bq).toMatch(/LIMIT 40\) "c" ORDER BY "c"\."embedding" <=> \$1::vector LIMIT 10$/);
  });

  it('writes the exact answer so that no index expression matches it', () => {
    expect(exactSql(CHUNKS)).toContain('ORDER BY "ch"."embedding" <=> $1::vector LIMIT 10');
    expect(exactSql(CHUNKS)).not.toContain('::vector(384) <=>');
    expect(exactSql(DENSE)).toContain('+ 0');
  });

  it('builds every variant on both tables', () => {
    for (const v of UNFILTERED_VARIANTS) {
      expect(v.sql(CHUNKS)).toContain('FROM "chunks"');
      expect(v.sql(DENSE)).toContain('FROM "bench_scale_dense"');
    }
    for (const v of FILTERED_VARIANTS) expect(v.sql(CHUNKS, filter)).toContain('"ch"."collection_id" = $2');
  });
});

describe('bench:scale report', () => {
  const probe = (name: string, p95: number, recall?: number, short?: number) => ({
    name,
    what: name,
    latency: { p50: p95 / 2, p95, mean: p95 / 2, samples: 100 },
    recall,
    short,
  });
  const size = (chunks: number, scale: number): SizeResult => ({
    chunks,
    documents: chunks / 10,
    database: `db_${chunks}`,
    reused: false,
    insertSeconds: 1,
    indexes: [{ name: 'IDX_chunks_embedding_384_hnsw', seconds: 2 }],
    storage: {
      chunks: [
        { name: 'chunks', kind: 'table', bytes: 100 * scale },
        { name: 'IDX_chunks_embedding_384_hnsw', kind: 'hnsw', bytes: 50 * scale },
        { name: 'IDX_chunks_tsv', kind: 'gin', bytes: 20 * scale },
      ],
      postings: [{ name: 'retrieval_postings', kind: 'table', bytes: 70 * scale }],
      dense: [],
      database: 300 * scale,
    },
    groups: [
      {
        name: 'no filter',
        share: 1,
        probes: [
          probe('DocQA vector', 3 * scale),
          probe('hnsw ef=40', 2 * scale, 0.9),
          probe('DocQA keyword', 4),
          probe('floor: ranked full-text', 8),
        ],
      },
      {
        name: 'filtered 10% (one of 10)',
        share: 0.1,
        probes: [probe('DocQA vector', 5, 1, 0), probe('hnsw, no iterative', 2, 0.4, 7)],
      },
    ],
  });

  it('sums storage by kind', () => {
    const rows = new Map(storageRows(size(10_000, 1).storage));
    expect(rows.get('chunks table (heap)')).toBe(100);
    expect(rows.get('HNSW vector(384) index')).toBe(50);
    expect(rows.get('GIN tsvector index')).toBe(20);
    expect(rows.get('BM25 postings table')).toBe(70);
    expect(rows.get('whole database')).toBe(300);
  });

  it('tabulates p95 by size with the growth exponent', () => {
    const rows = growthRows([size(10_000, 1), size(1_000_000, 10)]);
    expect(rows[0]).toEqual(['', 'p95 ms @10k', 'p95 ms @1M', 'recall @10k', 'recall @1M', 'p95 ~ size^b']);
    const vector = rows.find((r) => r[0] === 'no filter: DocQA vector')!;
    expect(vector.slice(1, 3)).toEqual(['3.00', '30.00']);
    expect(vector[5]).toBe('0.50');
    expect(rows.find((r) => r[0] === 'no filter: DocQA keyword')![5]).toBe('0.00');
  });

  it('judges DocQA against its floor and filtered search by short answers', () => {
    const rows = growthSummary([size(10_000, 1)]);
    const vector = rows.find((r) => r.figure.startsWith('DocQA vector p95'))!;
    expect(vector).toMatchObject({ ratio: '1.50x', pass: true });
    const keyword = rows.find((r) => r.figure.startsWith('DocQA keyword p95'))!;
    expect(keyword).toMatchObject({ ratio: '0.50x', pass: true });
    const filtered = rows.find((r) => r.figure.includes('10% filter'))!;
    expect(filtered).toMatchObject({ pass: true });
    expect(filtered.baseline).toContain('7 short');
    const worse = size(10_000, 1);
    worse.groups[0].probes[0] = probe('DocQA vector', 10);
    expect(growthSummary([worse]).find((r) => r.figure.startsWith('DocQA vector p95'))!.pass).toBe(false);
  });
});
