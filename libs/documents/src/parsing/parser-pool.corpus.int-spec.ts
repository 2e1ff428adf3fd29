import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadConfig } from '@docqa/core';
import { CORPUS_DIR, describeWithCorpus } from '../../../../test/support/shared-data';
import { detectFileType, type Detection } from '../detection';
import { DocumentParseError, ParseFailure, type ParsedDocument } from './parsed-document';
import { ParserPool } from './parser-pool';
import { processRssBytes } from './process-memory';

/**
 * Every file of the shared corpus (real documents, including encrypted, corrupt, scanned and hostile ones)
 * goes through detection and the parser pool with the default limits, all at once as uploads would. Each
 * ends parsed with text, failed with a reason, or refused by detection; the process survives and the RSS
 * of this process and its parser processes together stays bounded. OCR is off so outcomes do not depend
 * on the machine.
 * Needs `npm run build` (the pool forks the compiled worker).
 */

type Outcome =
  | { kind: 'parsed'; doc: ParsedDocument }
  | { kind: 'failed'; reason: ParseFailure; message: string }
  | { kind: 'refused'; detection: Detection & { type: null } };

const RSS_BOUND = 1.5 * 1024 ** 3;

const OCR_INSTALLED = [
  ['tesseract', '--version'],
  ['pdftoppm', '-v'],
].every(([command, arg]) => spawnSync(command, [arg]).status === 0);
const itWithOcr: jest.It = OCR_INSTALLED
  ? it
  : (((name: string, fn?: jest.ProvidesCallback, timeout?: number) =>
      it.skip(
        `${name} [skipped: tesseract-ocr and poppler-utils are not installed]`,
        fn,
        timeout,
      )) as unknown as jest.It);

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

const text = (doc: ParsedDocument) => doc.blocks.map((b) => b.text).join('\n');

/** What SOURCES.md says about particular files, as checks on their outcome. */
const EXPECTED: Record<string, (o: Outcome) => void> = {};
const failsWith = (reason: ParseFailure, message?: RegExp) => (o: Outcome) => {
  expect(o).toMatchObject({ kind: 'failed', reason });
  if (message) expect((o as { message: string }).message).toMatch(message);
};
const parsed =
  (check: (doc: ParsedDocument) => void = () => undefined) =>
  (o: Outcome) => {
    expect(o.kind).toBe('parsed');
    if (o.kind === 'parsed') check(o.doc);
  };
const refused =
  (mime: string | RegExp, reason = ParseFailure.Unsupported) =>
  (o: Outcome) => {
    expect(o).toMatchObject({ kind: 'refused', detection: { type: null, mime, reason } });
  };

for (const f of [
  'pdf/issue6010_1.pdf',
  'pdf/bug1782186.pdf',
  'pdf/password-example.pdf',
  'pdf/libreoffice-writer-password.pdf',
  'pdf/unstructured-password.pdf',
]) {
  EXPECTED[f] = failsWith(ParseFailure.Encrypted, /password/);
}
EXPECTED['xlsx/password_protected.xlsx'] = refused('application/x-cfb', ParseFailure.Encrypted);
for (const f of [
  'docx/HOSTILE-DERIVED-zipbomb-1GiB-paragraphs.docx',
  'docx/HOSTILE-DERIVED-zipbomb-200MiB-paragraphs.docx',
  'docx/HOSTILE-DERIVED-zipbomb-600MiB-single-text-node.docx',
  'docx/HOSTILE-DERIVED-zipbomb-lying-sizes-300MiB.docx',
  'docx/HOSTILE-large_size_archive.docx',
  'docx/HOSTILE-oversized_archive.docx',
  'pptx/HOSTILE-DERIVED-zipbomb-1GiB-slide.pptx',
]) {
  EXPECTED[f] = failsWith(ParseFailure.TooLarge);
}
// 10,006 unrelated entries and no document part: not a DOCX at all, whatever its name says.
EXPECTED['docx/HOSTILE-many_entries_archive.docx'] = refused('application/x-ooxml');
EXPECTED['docx/HOSTILE-DERIVED-xxe.docx'] = failsWith(ParseFailure.Corrupt, /DTD/);
EXPECTED['docx/HOSTILE-DERIVED-billion-laughs.docx'] = failsWith(ParseFailure.Corrupt, /DTD/);
for (const f of [
  'pdf/bug1020226.pdf',
  'pdf/DERIVED-tracemonkey-truncated-50pct.pdf',
  'docx/DERIVED-handbook-truncated-60pct.docx',
  'pptx/DERIVED-pypptx-truncated-70pct.pptx',
]) {
  EXPECTED[f] = failsWith(ParseFailure.Corrupt);
}
for (const f of [
  'pdf/MEDRPT-2024-PAT-3847_medical_report_scan.pdf',
  'pdf/pdf_scanned_invoice.pdf',
  'pdf/loremipsum-flat.pdf',
  'pdf/imagemagick-CCITTFaxDecode.pdf',
  'pdf/empty_protected.pdf',
]) {
  EXPECTED[f] = failsWith(ParseFailure.NoText, /OCR_ENABLED=true/);
}
EXPECTED['pdf/pdfplumber-empty-0bytes.pdf'] = refused('application/x-empty', ParseFailure.NoText);
EXPECTED['pdf/DERIVED-not-a-pdf.pdf'] = parsed((doc) => expect(doc.type).toBe('docx'));
EXPECTED['docx/DERIVED-not-a-zip.docx'] = parsed((doc) => expect(doc.type).toBe('pdf'));
EXPECTED['xlsx/markitdown-test.xls'] = refused('application/x-cfb');
EXPECTED['other/officeparser-test.odt'] = refused('application/vnd.oasis.opendocument.text');
EXPECTED['other/winter-sports.epub'] = refused('application/epub+zip');
EXPECTED['pdf/alphatrans.pdf'] = parsed(); // an owner password only: readable
EXPECTED['pdf/tracemonkey.pdf'] = parsed((doc) => expect([doc.unitCount, doc.blocks.at(-1)?.unit]).toEqual([14, 14]));
EXPECTED['pdf/DA-619p.pdf'] = parsed((doc) => expect(doc.unitCount).toBe(619));
EXPECTED['pdf/bomb_giant.pdf'] = parsed();
EXPECTED['csv/seaborn-diamonds.csv'] = parsed((doc) =>
  expect([doc.unitCount, doc.blocks.length]).toEqual([53_940, 53_940]),
);
EXPECTED['csv/markitdown-test_mskanji.csv'] = parsed((doc) => {
  expect(doc.encoding).toBe('shift_jis');
  expect(text(doc)).toContain('名前: 佐藤太郎');
});
EXPECTED['csv/unstructured-stanley-cups-utf-16.csv'] = parsed((doc) => expect(doc.encoding).toBe('utf-16be'));
EXPECTED['csv/unstructured-semicolon-delimited.csv'] = parsed((doc) =>
  expect(doc.blocks[0].text).toMatch(/^\S[^;]*: /),
);
EXPECTED['other/fake-text-utf-16-le.txt'] = parsed((doc) => expect(doc.encoding).toBe('utf-16le'));
EXPECTED['other/umlauts-non-utf8.md'] = parsed((doc) => {
  expect(doc.encoding).toBe('windows-1252');
  expect(text(doc)).toContain('können');
});
EXPECTED['other/fake-html-cp1252.html'] = parsed((doc) => expect(text(doc)).toContain('Die schöne Frau'));
EXPECTED['pptx/prs-notes.pptx'] = parsed((doc) => expect(doc.blocks.some((b) => b.kind === 'notes')).toBe(true));
EXPECTED['pptx/markitdown-test.pptx'] = parsed((doc) => {
  expect(doc.unitKind).toBe('slide');
  expect(doc.blocks.every((b) => b.unit! >= 1 && b.unit! <= doc.unitCount)).toBe(true);
});
EXPECTED['docx/handbook-872p.docx'] = parsed((doc) =>
  expect(doc.blocks.filter((b) => b.kind === 'heading').length).toBeGreaterThan(100),
);
EXPECTED['xlsx/538-Aggregate-FHV-Data.xlsx'] = parsed((doc) => expect(doc.blocks.every((b) => b.sheet)).toBe(true));

describeWithCorpus('the parser pool over the whole corpus', () => {
  it('ends every file parsed, failed with a reason, or refused, within bounded memory', async () => {
    const files = walk(CORPUS_DIR).sort();
    const pool = new ParserPool({ ...loadConfig({}).ingestion.parse, ocr: { enabled: false, languages: 'eng' } });
    // This process is a test runner worker that may carry memory from earlier test files: what counts is
    // what it grows by during this test (it holds every parsed document), plus the parser processes.
    const ownAtStart = process.memoryUsage().rss;
    let peakRss = 0;
    let peakOwnRss = 0;
    let sampling = false;
    const sampler = setInterval(() => {
      if (sampling) return;
      sampling = true;
      const own = process.memoryUsage().rss;
      void Promise.all(pool.stats().pids.map(processRssBytes)).then((children) => {
        const grown = Math.max(0, own - ownAtStart);
        peakOwnRss = Math.max(peakOwnRss, grown);
        peakRss = Math.max(peakRss, grown + children.reduce<number>((sum, rss) => sum + (rss ?? 0), 0));
        sampling = false;
      });
    }, 25);
    const started = Date.now();
    const outcomes = new Map<string, Outcome>();
    try {
      await Promise.all(
        files.map(async (path) => {
          const name = relative(CORPUS_DIR, path);
          const detection = await detectFileType(path);
          if (detection.type === null) {
            outcomes.set(name, { kind: 'refused', detection });
            return;
          }
          try {
            outcomes.set(name, { kind: 'parsed', doc: await pool.parse(path, detection.type) });
          } catch (err) {
            if (!(err instanceof DocumentParseError)) throw err;
            outcomes.set(name, { kind: 'failed', reason: err.reason, message: err.message });
          }
        }),
      );
    } finally {
      clearInterval(sampler);
      await pool.close();
    }
    const seconds = (Date.now() - started) / 1000;
    const count = (kind: Outcome['kind']) => [...outcomes.values()].filter((o) => o.kind === kind).length;
    console.log(
      `corpus: ${files.length} files in ${seconds.toFixed(1)} s: ${count('parsed')} parsed, ${count('failed')} failed ` +
        `with a reason, ${count('refused')} refused by detection; peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MB ` +
        `with the parser processes (this process grew by ${(peakOwnRss / 2 ** 20).toFixed(0)} MB at most)`,
    );

    expect(outcomes.size).toBe(files.length);
    for (const [name, outcome] of outcomes) {
      if (outcome.kind === 'parsed') {
        expect({ name, text: outcome.doc.blocks.some((b) => /\S/.test(b.text)) }).toEqual({ name, text: true });
      } else if (outcome.kind === 'failed') {
        expect({ name, reason: Object.values(ParseFailure).includes(outcome.reason) }).toEqual({ name, reason: true });
        // Nothing in the corpus comes near the deadline: a timeout would mean a parser hung.
        expect({ name, reason: outcome.reason }).not.toEqual({ name, reason: ParseFailure.TimedOut });
      }
    }
    for (const [name, check] of Object.entries(EXPECTED)) {
      const outcome = outcomes.get(name);
      expect({ name, present: outcome !== undefined }).toEqual({ name, present: true });
      try {
        check(outcome!);
      } catch (err) {
        const detail = outcome?.kind === 'failed' ? ` (${outcome.reason}: ${outcome.message})` : '';
        throw new Error(`${name}${detail}: ${(err as Error).message}`, { cause: err });
      }
    }
    expect(peakRss).toBeLessThan(RSS_BOUND);
  }, 180_000);

  itWithOcr(
    'reads a scanned PDF through OCR when OCR is on',
    async () => {
      const pool = new ParserPool({ ...loadConfig({}).ingestion.parse, ocr: { enabled: true, languages: 'eng' } });
      try {
        const doc = await pool.parse(join(CORPUS_DIR, 'pdf/pdf_scanned_invoice.pdf'), 'pdf');
        expect([doc.ocrPages, doc.pagesWithoutText]).toEqual([[1], []]);
        expect(text(doc)).toMatch(/INVOICE[\s\S]*TechCorp Industries/);
      } finally {
        await pool.close();
      }
    },
    120_000,
  );
});
