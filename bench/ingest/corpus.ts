import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import JSZip from 'jszip';
import { ROOT } from '../bench-process';

/** The team's shared corpus beside the checkout; never copied into the project. */
export const CORPUS_DIR = process.env.CORPUS_DIR ?? join(ROOT, '..', 'shared', 'corpus');

/** The file whose PDF parser blocks LangChain for minutes at ~12 GB: measured only with --with-bomb. */
export const BOMB = 'bomb_giant.pdf';

const FORMATS = ['.pdf', '.docx', '.pptx'];

export interface CorpusFile {
  path: string;
  name: string;
  format: 'pdf' | 'docx' | 'pptx';
  bytes: number;
  /**
   * The unit both pipelines' throughput is counted in, the same for both: a PDF's pages, a PPTX's slides,
   * and 1 for a DOCX (a DOCX has no pages until a word processor lays it out). `undefined` when the file
   * cannot be opened to count them (encrypted or corrupt): then it is credited with what the pipeline that
   * read it reported, at least 1.
   */
  units: number | undefined;
}

export interface CorpusSelection {
  /** Include `bomb_giant.pdf`. */
  withBomb: boolean;
  /** Include the `HOSTILE-*` and `DERIVED-*` files (zip bombs, truncated and disguised files). */
  hostile: boolean;
}

/**
 * The PDF, DOCX and PPTX files of the corpus. By default the real documents only: the `HOSTILE-*` and
 * `DERIVED-*` files are the robustness suite's (they crash LangChain's DOCX loader outright) and
 * `bomb_giant.pdf` blocks its PDF parser for minutes, so both are opt-in.
 */
export async function listCorpus(selection: CorpusSelection): Promise<CorpusFile[]> {
  if (!existsSync(CORPUS_DIR)) throw new Error(`corpus not found at ${CORPUS_DIR} (set CORPUS_DIR)`);
  const files: CorpusFile[] = [];
  for (const dir of ['pdf', 'docx', 'pptx']) {
    const dirPath = join(CORPUS_DIR, dir);
    if (!existsSync(dirPath)) continue;
    for (const name of readdirSync(dirPath).sort()) {
      const ext = extname(name).toLowerCase();
      if (!FORMATS.includes(ext)) continue;
      if (!selection.hostile && /^(HOSTILE|DERIVED)-/.test(name)) continue;
      if (!selection.withBomb && name === BOMB) continue;
      const path = join(dirPath, name);
      files.push({
        path,
        name: basename(path),
        format: ext.slice(1) as CorpusFile['format'],
        bytes: statSync(path).size,
        units: await countUnits(path, ext),
      });
    }
  }
  return files;
}

async function countUnits(path: string, ext: string): Promise<number | undefined> {
  const data = readFileSync(path);
  try {
    if (ext === '.docx') return 1;
    if (ext === '.pptx') {
      // Reads the central directory only: no entry is inflated, so zip bombs cost nothing here.
      const zip = await JSZip.loadAsync(data);
      return Object.keys(zip.files).filter((f) => /^ppt\/slides\/slide\d+\.xml$/.test(f)).length;
    }
    const { getDocumentProxy } = await import('unpdf');
    const pdf = await getDocumentProxy(new Uint8Array(data), { verbosity: 0 });
    const pages = pdf.numPages;
    await pdf.destroy();
    return pages;
  } catch {
    return undefined;
  }
}

/** Units credited to a pipeline for a file it indexed: the reference count, else what it reported, at least 1. */
export function creditedUnits(file: CorpusFile, reported?: number): number {
  return file.units ?? Math.max(1, reported ?? 0);
}
