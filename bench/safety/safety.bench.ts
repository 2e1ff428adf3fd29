import { performance } from 'node:perf_hooks';
import { findPhoneNumbersInText } from 'libphonenumber-js/max';
import { InjectionScanner, INJECTION_PATTERNS, PiiAnalyzer, Redactor } from '@docqa/safety';
import { saveResults } from '../results';

/**
 * bench:safety — throughput of the PII analyzer (every recognizer, one text) and of the prompt-injection
 * scanner, on a generated text: business prose with a few personal data items per paragraph. Baselines
 * measured in the same run: libphonenumber-js's `findPhoneNumbersInText` over the whole text (what one
 * calls to find phone numbers alone; the analyzer hands it only digit runs), and each injection pattern run as
 * its own regex (the analyzer's scanner runs them as one alternation, in one pass). Also the time to redact
 * (tokenize) and restore a typical prompt of ten 1.2 KB passages. No network, no database.
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

const PROSE = [
  'The committee reviewed the quarterly figures on 2024-03-12 and approved the revised budget.',
  'Revenue grew 12% to 4,512,300 USD across 1,204 accounts, driven by the enterprise segment.',
  'Shipping times improved after the warehouse in Rotterdam moved to two shifts.',
  'The appendix lists every supplier with its contract number and renewal date.',
  'Questions about the policy should go to the compliance team before the end of the month.',
];
const PII = [
  'Contact Maria Lopez at maria.lopez@example.com or +1 415 555 2671.',
  'Refund to IBAN DE89 3704 0044 0532 0130 00, card 4111 1111 1111 1111.',
  'Employee SSN 536-22-1234, date of birth 12/03/1985.',
  'The VPN gateway at 10.20.30.40 logs every login.',
];

/** About `bytes` of text: four prose sentences to one with personal data, in a fixed order. */
function corpus(bytes: number): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const s = i % 5 === 4 ? PII[((i / 5) % PII.length) | 0] : PROSE[i % PROSE.length];
    parts.push(s);
    size += s.length + 1;
  }
  return parts.join(' ');
}

function time(fn: () => unknown): { ms: number; result: unknown } {
  const t = performance.now();
  const result = fn();
  return { ms: performance.now() - t, result };
}

async function timeAsync(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const mbps = (chars: number, ms: number) => Math.round((chars / 1e6 / (ms / 1000)) * 100) / 100;

async function main(): Promise<void> {
  const text = corpus(1_000_000);
  const analyzer = new PiiAnalyzer();
  const scanner = new InjectionScanner();
  const separate = INJECTION_PATTERNS.map((p) => new RegExp(p.source, 'gi'));

  // Warm-up: compile regexes, load libphonenumber metadata.
  analyzer.analyzeSync(text.slice(0, 10_000));
  findPhoneNumbersInText(text.slice(0, 10_000), { defaultCountry: 'US' });
  scanner.scan(text.slice(0, 10_000));

  const analyze: number[] = [];
  const phonesAlone: number[] = [];
  const scan: number[] = [];
  const scanSeparate: number[] = [];
  let entities = 0;
  let phones = 0;
  for (let r = 0; r < ROUNDS; r++) {
    const a = time(() => analyzer.analyzeSync(text, { minScore: 0.5 }));
    analyze.push(a.ms);
    entities = (a.result as unknown[]).length;
    const p = time(() => findPhoneNumbersInText(text, { defaultCountry: 'US' }));
    phonesAlone.push(p.ms);
    phones = (p.result as unknown[]).length;
    scan.push(time(() => scanner.scan(text)).ms);
    scanSeparate.push(
      time(() => {
        const normalized = text.normalize('NFKC');
        let hits = 0;
        for (const re of separate) hits += [...normalized.matchAll(re)].length;
        return hits;
      }).ms,
    );
  }

  // A prompt as the agent sends it: a question and ten 1.2 KB passages, through one redactor, then an answer restored.
  const passages = Array.from({ length: 10 }, (_, i) => text.slice(i * 1200, (i + 1) * 1200));
  const redactMs: number[] = [];
  for (let r = 0; r < ROUNDS * 4; r++) {
    const redactor = new Redactor(analyzer, {
      enabled: true,
      entities: [
        'EMAIL_ADDRESS',
        'PHONE_NUMBER',
        'CREDIT_CARD',
        'IBAN_CODE',
        'US_SSN',
        'IP_ADDRESS',
        'PERSON',
        'DATE_OF_BIRTH',
      ],
      minScore: 0.5,
      phoneRegions: ['US'],
      operator: 'tokenize',
      hashSalt: 'bench',
    });
    redactMs.push(
      await timeAsync(async () => {
        const sent = await redactor.redactAll(['What did Maria Lopez say about the refund?', ...passages]);
        redactor.restore(sent.join('\n'));
      }),
    );
  }

  const figures = {
    textChars: text.length,
    rounds: ROUNDS,
    pii: {
      analyzerMBps: mbps(text.length, median(analyze)),
      analyzerMs: Math.round(median(analyze)),
      entitiesFound: entities,
      baselinePhoneOnlyMBps: mbps(text.length, median(phonesAlone)),
      baselinePhonesFound: phones,
    },
    injection: {
      scannerMBps: mbps(text.length, median(scan)),
      baselineSeparateRegexesMBps: mbps(text.length, median(scanSeparate)),
      patterns: INJECTION_PATTERNS.length,
    },
    prompt: {
      passages: passages.length,
      chars: passages.reduce((n, p) => n + p.length, 0),
      redactAndRestoreMs: Math.round(median(redactMs) * 100) / 100,
    },
  };
  process.stdout.write(
    [
      `PII analyzer (all recognizers): ${figures.pii.analyzerMBps} MB/s, ${entities} entities in ${(text.length / 1e6).toFixed(1)} M chars`,
      `  baseline, libphonenumber findPhoneNumbersInText alone: ${figures.pii.baselinePhoneOnlyMBps} MB/s (${phones} numbers)`,
      `Injection scanner (one pass): ${figures.injection.scannerMBps} MB/s`,
      `  baseline, ${INJECTION_PATTERNS.length} patterns as separate regexes: ${figures.injection.baselineSeparateRegexesMBps} MB/s`,
      `Prompt of ${passages.length} passages (${figures.prompt.chars} chars): redact + restore in ${figures.prompt.redactAndRestoreMs} ms`,
      `results: ${saveResults('safety', figures)}`,
      '',
    ].join('\n'),
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
