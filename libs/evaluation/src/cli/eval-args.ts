import { parseArgs } from 'node:util';
import { JUDGE_MODES, type JudgeMode } from '../runs/evaluation-run.entity';
import { METRIC_NAMES, type MetricName } from '../metrics/metric.types';

export const USAGE = `usage: npm run eval -- --dataset FILE [options]

Runs an evaluation dataset (JSONL: one {"question", "groundTruth", "referenceContexts"?} per line) through
DocQA's pipeline, prints each metric against its threshold, and exits 1 when one is below it.

By default it runs in this process on a temporary embedded database (nothing else is touched): the files
of --documents are ingested first, then the dataset is run. With --url it runs on a DocQA server instead,
in the workspace of --api-key (--documents are uploaded there first; files it already has are reused).

options:
  --dataset FILE                the JSONL dataset (required)
  --documents DIR               documents to ingest before the run (every file under DIR)
  --url URL                     a running DocQA server (with --api-key, an API key with the write scope)
  --api-key KEY
  --judge auto|llm|offline      how the metrics are judged (default auto: an LLM when one is configured)
  --min-faithfulness X          thresholds in [0, 1]: the run fails when the metric is below X
  --min-answer-relevancy X      (or when it applied to no item)
  --min-context-precision X
  --min-context-recall X
  --min-hit-rate X
  --min-citation-precision X
  --out FILE.json               writes the run, its items and the verdicts as JSON
  --timeout SECONDS             longest wait for ingestion and for the run (default 3600)
  --verbose                     the embedded server's log on stderr (default: a file in its temporary directory)

exit codes: 0 every threshold met; 1 a metric below its threshold; 2 usage error (bad option, missing
or invalid dataset); 3 the evaluation could not run (server unreachable, run failed).`;

/** CLI flag of each metric's threshold. */
export const THRESHOLD_FLAGS: Record<MetricName, string> = {
  faithfulness: 'min-faithfulness',
  answerRelevancy: 'min-answer-relevancy',
  contextPrecision: 'min-context-precision',
  contextRecall: 'min-context-recall',
  hitRate: 'min-hit-rate',
  citationPrecision: 'min-citation-precision',
};

export interface EvalArgs {
  dataset: string;
  documents?: string;
  url?: string;
  apiKey?: string;
  judge: JudgeMode;
  thresholds: Partial<Record<MetricName, number>>;
  out?: string;
  timeoutMs: number;
  verbose: boolean;
}

export class UsageError extends Error {}

/** The options, or a UsageError saying what is wrong (the CLI prints it with the usage and exits 2). */
export function parseEvalArgs(argv: string[]): EvalArgs | 'help' {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        dataset: { type: 'string' },
        documents: { type: 'string' },
        url: { type: 'string' },
        'api-key': { type: 'string' },
        judge: { type: 'string' },
        out: { type: 'string' },
        timeout: { type: 'string' },
        verbose: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        ...Object.fromEntries(Object.values(THRESHOLD_FLAGS).map((f) => [f, { type: 'string' as const }])),
      },
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (values.help) return 'help';
  const str = (name: string) => values[name] as string | undefined;
  const dataset = str('dataset');
  if (!dataset) throw new UsageError('--dataset FILE is required');
  const url = str('url');
  const apiKey = str('api-key');
  if (url !== undefined) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new UsageError(`--url ${url} is not a URL`);
    }
    if (!/^https?:$/.test(parsed.protocol)) throw new UsageError('--url must be an http or https URL');
    if (!apiKey) throw new UsageError('--url needs --api-key KEY (an API key of the workspace to evaluate in)');
  } else if (apiKey !== undefined) {
    throw new UsageError('--api-key is only used with --url');
  }
  const judge = str('judge') ?? 'auto';
  if (!(JUDGE_MODES as readonly string[]).includes(judge)) {
    throw new UsageError(`--judge must be one of ${JUDGE_MODES.join(', ')}`);
  }
  const thresholds: Partial<Record<MetricName, number>> = {};
  for (const metric of METRIC_NAMES) {
    const raw = str(THRESHOLD_FLAGS[metric]);
    if (raw === undefined) continue;
    const value = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(value) || value < 0 || value > 1) {
      throw new UsageError(`--${THRESHOLD_FLAGS[metric]} must be a number from 0 to 1, got ${JSON.stringify(raw)}`);
    }
    thresholds[metric] = value;
  }
  const timeout = Number(str('timeout') ?? 3600);
  if (!Number.isFinite(timeout) || timeout <= 0) throw new UsageError('--timeout must be a number of seconds above 0');
  return {
    dataset,
    ...(str('documents') !== undefined ? { documents: str('documents') } : {}),
    ...(url !== undefined ? { url: url.replace(/\/+$/, ''), apiKey } : {}),
    judge: judge as JudgeMode,
    thresholds,
    ...(str('out') !== undefined ? { out: str('out') } : {}),
    timeoutMs: timeout * 1000,
    verbose: values.verbose === true,
  };
}
