import { summarize } from '../metrics/aggregate';
import type { ItemScores } from '../metrics/metric.types';
import { parseEvalArgs, UsageError } from './eval-args';
import { verdicts, verdictTable } from './thresholds';

describe('eval CLI arguments', () => {
  it('reads the dataset, documents and every threshold', () => {
    expect(
      parseEvalArgs([
        '--dataset',
        'eval/dataset.jsonl',
        '--documents',
        'eval/documents',
        '--min-faithfulness',
        '0.8',
        '--min-hit-rate=1',
        '--min-citation-precision',
        '0',
        '--out',
        'run.json',
      ]),
    ).toEqual({
      dataset: 'eval/dataset.jsonl',
      documents: 'eval/documents',
      judge: 'auto',
      thresholds: { faithfulness: 0.8, hitRate: 1, citationPrecision: 0 },
      out: 'run.json',
      timeoutMs: 3_600_000,
      verbose: false,
    });
  });

  it('takes a server URL with an API key', () => {
    const args = parseEvalArgs(['--dataset', 'd.jsonl', '--url', 'http://localhost:3000/', '--api-key', 'k']);
    expect(args).toMatchObject({ url: 'http://localhost:3000', apiKey: 'k' });
  });

  it.each([
    [[], '--dataset FILE is required'],
    [['--dataset', 'd', '--min-faithfulness', '1.5'], '--min-faithfulness must be a number from 0 to 1'],
    [['--dataset', 'd', '--min-hit-rate', 'high'], '--min-hit-rate must be a number from 0 to 1'],
    [['--dataset', 'd', '--url', 'http://x'], '--url needs --api-key'],
    [['--dataset', 'd', '--api-key', 'k'], '--api-key is only used with --url'],
    [['--dataset', 'd', '--url', 'ftp://x', '--api-key', 'k'], '--url must be an http or https URL'],
    [['--dataset', 'd', '--judge', 'human'], '--judge must be one of auto, llm, offline'],
    [['--dataset', 'd', '--min-faithfulnes', '0.5'], "Unknown option '--min-faithfulnes'"],
    [['--dataset', 'd', 'extra'], 'Unexpected argument'],
  ])('refuses %j: %s', (argv, message) => {
    expect(() => parseEvalArgs(argv)).toThrow(UsageError);
    expect(() => parseEvalArgs(argv)).toThrow(message);
  });

  it('answers help', () => {
    expect(parseEvalArgs(['--help'])).toBe('help');
  });
});

describe('eval CLI verdicts', () => {
  const item = (faithfulness: number, citation: number | null): ItemScores => ({
    faithfulness: { value: faithfulness, judge: 'offline' },
    answerRelevancy: { value: 1, judge: 'offline' },
    contextPrecision: { value: 1, judge: 'offline' },
    contextRecall: { value: 1, judge: 'offline' },
    hitRate: { value: 1, judge: 'offline' },
    citationPrecision: { value: citation, judge: 'offline' },
  });
  const summary = summarize([item(1, null), item(0.5, null)]);

  it('fails a metric below its threshold and passes one at or above it', () => {
    const rows = verdicts(summary, { faithfulness: 0.8, hitRate: 1 });
    expect(rows.find((r) => r.metric === 'faithfulness')).toMatchObject({ score: 0.75, result: 'fail' });
    expect(rows.find((r) => r.metric === 'hitRate')).toMatchObject({ score: 1, result: 'pass' });
    expect(rows.find((r) => r.metric === 'contextRecall')).toMatchObject({ threshold: null, result: '-' });
  });

  it('fails a threshold on a metric that applied to no item', () => {
    expect(verdicts(summary, { citationPrecision: 0 }).find((r) => r.metric === 'citationPrecision')?.result).toBe(
      'fail',
    );
  });

  it('prints an aligned table', () => {
    const table = verdictTable(verdicts(summary, { faithfulness: 0.8 })).split('\n');
    expect(table[0]).toBe('metric              score  judge    items  threshold  result');
    expect(table[1]).toBe('faithfulness        0.750  offline  2      0.800      fail');
    expect(table[6]).toBe('citation precision  n/a    -        0      -          -');
  });
});
