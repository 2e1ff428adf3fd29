import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DIST, ROOT } from '../bench-process';
import { saveResults } from '../results';
import { BOMB, CORPUS_DIR, CorpusFile, listCorpus } from './corpus';
import { Mode, runDocqa } from './docqa-run';
import { runLangchain } from './langchain-run';
import { PipelineResult, summarize } from './pipeline-result';
import { Check, printChecks, printComparison } from './report';

/**
 * bench:ingest: end-to-end ingestion of the corpus's PDF, DOCX and PPTX files through DocQA's API, in
 * embedded and server mode, next to what a user would write instead (bench/langchain: LangChain.js's
 * loaders, RecursiveCharacterTextSplitter and PGVectorStore into the same PostgreSQL, with the same
 * embedder), measured in the same run.
 *
 *   npm run bench:ingest [-- --with-bomb] [--hostile] [--modes embedded,server] [--no-langchain] [--rounds 2]
 *     [--no-parse]
 *
 * DATABASE_URL (a PostgreSQL server with pgvector) enables server mode and the LangChain baseline; server
 * mode also needs REDIS_URL. Without them only embedded mode runs.
 */
const TARGET_WITHOUT_BOMB = 2;
const TARGET_WITH_BOMB = 10;

const { values } = parseArgs({
  options: {
    'with-bomb': { type: 'boolean', default: false },
    hostile: { type: 'boolean', default: false },
    modes: { type: 'string', default: 'embedded,server' },
    'no-langchain': { type: 'boolean', default: false },
    rounds: { type: 'string', default: '2' },
    'no-parse': { type: 'boolean', default: false },
  },
});

const databaseUrl = process.env.DATABASE_URL || undefined;
const redisUrl = process.env.REDIS_URL || undefined;

function describe(files: CorpusFile[]): string {
  const by = (f: CorpusFile['format']) => files.filter((x) => x.format === f);
  const units = (list: CorpusFile[]) => list.reduce((n, f) => n + (f.units ?? 0), 0);
  return `${files.length} files: ${by('pdf').length} PDF (${units(by('pdf'))} pages), ${by('docx').length} DOCX, ${by('pptx').length} PPTX (${units(by('pptx'))} slides)`;
}

/** The fastest of a pipeline's rounds, with the highest peak RSS seen in any of them. */
function best(runs: PipelineResult[]): PipelineResult {
  const fastest = runs.reduce((a, b) => (summarize(b).unitsPerSecond > summarize(a).unitsPerSecond ? b : a));
  const peakRssBytes = Math.max(...runs.map((r) => r.peakRssBytes));
  const notes =
    runs.length > 1
      ? [...fastest.notes, `best of ${runs.length} rounds; peak RSS is the highest of them`]
      : fastest.notes;
  return { ...fastest, peakRssBytes, notes };
}

/** Runs every pipeline on the files, alternating them round after round so that load on the machine hits all alike. */
async function runSet(files: CorpusFile[], modes: Mode[], withLangchain: boolean, rounds: number) {
  // Every file read once before timing, so neither side pays for a cold page cache.
  for (const f of files) readFileSync(f.path);
  const langchainRuns: PipelineResult[] = [];
  const docqaRuns = new Map<Mode, PipelineResult[]>(modes.map((m) => [m, []]));
  for (let round = 1; round <= rounds; round++) {
    const tag = rounds > 1 ? ` (round ${round}/${rounds})` : '';
    if (withLangchain) {
      console.log(`  LangChain.js${tag} ...`);
      langchainRuns.push(await runLangchain(files, databaseUrl!));
    }
    for (const mode of modes) {
      console.log(`  DocQA ${mode}${tag} ...`);
      docqaRuns.get(mode)!.push(await runDocqa(files, { mode, databaseUrl, redisUrl }));
    }
  }
  return {
    langchain: langchainRuns.length ? best(langchainRuns) : undefined,
    docqa: modes.map((m) => best(docqaRuns.get(m)!)),
    rounds: { langchain: langchainRuns.map(summarize), docqa: modes.map((m) => docqaRuns.get(m)!.map(summarize)) },
  };
}

interface ParseComparison {
  ratio: number;
  pool: { pagesPerSecond: number };
  alone: { pagesPerSecond: number };
}

/**
 * Parse throughput next to the parser libraries called alone: bench/parse.bench.ts measures it (ParserPool
 * on both cores against unpdf, mammoth and the PPTX parser in one thread); it runs here as it runs alone,
 * and its figures join this report.
 */
function runParseBench(): { checks: Check[]; figures?: unknown } {
  const script = join(DIST, 'bench', 'parse.bench.js');
  if (!existsSync(script)) {
    console.log('\nParse throughput: bench/parse.bench.ts is not built; skipped');
    return { checks: [] };
  }
  console.log('\nParse throughput vs the parser libraries alone (npm run bench:parse):');
  const startedAt = Date.now();
  const res = spawnSync(process.execPath, [script], { cwd: ROOT, env: process.env, encoding: 'utf8' });
  for (const line of `${res.stdout}${res.stderr}`.trimEnd().split('\n')) console.log(`  | ${line}`);
  const file = join(ROOT, 'bench', 'results', 'parse.json');
  if (!existsSync(file)) return { checks: [] };
  const saved = JSON.parse(readFileSync(file, 'utf8')) as {
    measuredAt: string;
    withBomb?: ParseComparison;
    withoutBomb?: ParseComparison;
  };
  if (Date.parse(saved.measuredAt) < startedAt) return { checks: [] };
  const checks = (['withoutBomb', 'withBomb'] as const).flatMap((k) => {
    const c = saved[k];
    if (!c) return [];
    return [
      {
        label: `parse throughput ${k === 'withBomb' ? 'with' : 'without'} ${BOMB}, pool / library alone`,
        value: `${(c.ratio * 100).toFixed(0)}% (${c.pool.pagesPerSecond.toFixed(0)} vs ${c.alone.pagesPerSecond.toFixed(0)} pages/s)`,
        target: '>= 80%',
        pass: c.ratio >= 0.8,
      },
    ];
  });
  return { checks, figures: { withoutBomb: saved.withoutBomb, withBomb: saved.withBomb } };
}

function forJson(r: PipelineResult | undefined) {
  return r && { ...r, summary: summarize(r) };
}

async function main(): Promise<void> {
  const modes = values.modes.split(',').filter((m): m is Mode => m === 'embedded' || m === 'server');
  const skipped: string[] = [];
  if (!databaseUrl)
    skipped.push('DATABASE_URL is not set: no server mode and no LangChain baseline (it needs PostgreSQL)');
  else if (!redisUrl && modes.includes('server')) skipped.push('REDIS_URL is not set: no server mode');
  const runModes = modes.filter((m) => m === 'embedded' || (databaseUrl && redisUrl));
  const withLangchain = !!databaseUrl && !values['no-langchain'];
  for (const s of skipped) console.log(`note: ${s}`);

  const checks: Check[] = [];
  const figures: Record<string, unknown> = {};
  const loadBefore = loadavg()[0];
  if (loadBefore > cpus().length / 2) {
    console.log(
      `note: load average ${loadBefore.toFixed(1)} on ${cpus().length} cores: other work will skew the figures`,
    );
  }
  const hostile = values.hostile;

  const files = await listCorpus({ withBomb: false, hostile });
  console.log(`\ncorpus ${CORPUS_DIR}: ${describe(files)}`);
  console.log(
    `pages: PDF pages and PPTX slides counted once from the files (pdf.js page count, slide parts), 1 per DOCX; ` +
      `a pipeline is credited with a file's pages when it indexed at least one chunk of it`,
  );
  console.log(`without ${BOMB}${hostile ? '' : ' and without the HOSTILE-/DERIVED- files (--hostile adds them)'}:`);
  const a = await runSet(files, runModes, withLangchain, Math.max(1, Number(values.rounds) || 1));
  checks.push(
    ...printComparison(
      `Without ${BOMB} (${files.length} files)`,
      a.docqa,
      a.langchain,
      TARGET_WITHOUT_BOMB,
      `without ${BOMB}`,
    ),
  );
  figures.withoutBomb = {
    files: files.length,
    langchain: forJson(a.langchain),
    docqa: a.docqa.map(forJson),
    rounds: a.rounds,
  };

  if (values['with-bomb']) {
    const withBomb = await listCorpus({ withBomb: true, hostile });
    console.log(`\nwith ${BOMB} (LangChain's PDF parser blocks for minutes on it; nothing else should run now):`);
    // One round: LangChain alone takes minutes and ~12 GB on it.
    const b = await runSet(withBomb, runModes, withLangchain, 1);
    checks.push(
      ...printComparison(
        `With ${BOMB} (${withBomb.length} files)`,
        b.docqa,
        b.langchain,
        TARGET_WITH_BOMB,
        `with ${BOMB}`,
      ),
    );
    figures.withBomb = { files: withBomb.length, langchain: forJson(b.langchain), docqa: b.docqa.map(forJson) };
  } else {
    console.log(
      `\n(${BOMB} excluded: pass --with-bomb to measure both pipelines with it, ~2 min and ~12 GB for LangChain)`,
    );
  }

  if (!values['no-parse']) {
    const parse = runParseBench();
    checks.push(...parse.checks);
    figures.parse = parse.figures;
  }

  console.log('\nTargets');
  printChecks(checks);
  const file = saveResults('ingest', {
    command: `npm run bench:ingest${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    unit: 'pages = PDF pages + PPTX slides + 1 per DOCX, of the files a pipeline indexed',
    skipped,
    loadAverage: { before: loadBefore, after: loadavg()[0] },
    targets: { withoutBomb: TARGET_WITHOUT_BOMB, withBomb: TARGET_WITH_BOMB, peakRssMiB: 1024, lost: 0 },
    checks,
    ...figures,
  });
  console.log(`  results: ${file.slice(file.indexOf('bench/'))}`);
  if (checks.some((c) => !c.pass)) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
