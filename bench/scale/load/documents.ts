import { createHash } from 'node:crypto';
import { docxWith, pdfWithPages } from '../../../test/support/document-fixtures';
import { SyntheticCorpus } from '../../retrieval/synthetic-corpus';

export type GeneratedKind = 'md' | 'txt' | 'pdf' | 'docx';

export interface GeneratedDocument {
  name: string;
  kind: GeneratedKind;
  bytes: Buffer;
  sha256: string;
  /** Content words of the document, for searches and questions about it. */
  words: string[];
}

/** Wraps text into lines of at most `width` characters, for PDF pages. */
export function wrapLines(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

const KINDS: Array<[GeneratedKind, number]> = [
  ['md', 0.55],
  ['txt', 0.2],
  ['pdf', 0.15],
  ['docx', 0.1],
];

/**
 * Documents for the load benchmark's uploads: each a different document of the retrieval benchmark's synthetic
 * corpus (a title and 2 to 10 sections of about 200 words), as Markdown, text, PDF or DOCX, so that every
 * upload is new bytes unless the benchmark repeats one on purpose.
 */
export class DocumentFactory {
  private next = 0;
  private readonly corpus: SyntheticCorpus;

  constructor(
    private readonly random: () => number,
    maxDocuments = 1_000_000,
    private readonly firstDocument = 0,
  ) {
    this.corpus = new SyntheticCorpus(maxDocuments * 10);
  }

  private pickKind(): GeneratedKind {
    let u = this.random();
    for (const [kind, share] of KINDS) {
      if (u < share) return kind;
      u -= share;
    }
    return 'md';
  }

  async make(kind: GeneratedKind = this.pickKind()): Promise<GeneratedDocument> {
    const d = this.firstDocument + this.next++;
    const title = this.corpus.title(d);
    const sections = 2 + Math.floor(this.random() * 9);
    const texts = Array.from({ length: sections }, (_, i) => this.corpus.chunk(d * 10 + i).text);
    let bytes: Buffer;
    if (kind === 'md') {
      bytes = Buffer.from(`# ${title}\n\n${texts.map((t, i) => `## Part ${i + 1}\n\n${t}\n`).join('\n')}`, 'utf8');
    } else if (kind === 'txt') {
      bytes = Buffer.from(`${title}\n\n${texts.join('\n\n')}\n`, 'utf8');
    } else if (kind === 'pdf') {
      const lines = wrapLines(texts.join(' '), 90);
      const pages: string[][] = [];
      for (let i = 0; i < lines.length; i += 48) pages.push(lines.slice(i, i + 48));
      bytes = pdfWithPages([[title], ...pages]);
    } else {
      bytes = await docxWith([
        ['h1', title],
        ...texts.flatMap((t, i): Array<string | ['h2', string]> => [['h2', `Part ${i + 1}`], t]),
      ]);
    }
    const words = [
      ...new Set(
        texts
          .join(' ')
          .toLowerCase()
          .split(/[^a-z]+/)
          .filter((w) => w.length > 5),
      ),
    ];
    return {
      name: `load-${d}.${kind}`,
      kind,
      bytes,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      words,
    };
  }
}

/** A search query or question of 2 to 4 words from a document. */
export function queryFrom(words: readonly string[], random: () => number): string {
  const n = 2 + Math.floor(random() * 3);
  const picked = new Set<string>();
  while (picked.size < Math.min(n, words.length)) picked.add(words[Math.floor(random() * words.length)]);
  return [...picked].join(' ');
}

/** A deterministic PRNG (mulberry32), so a run's mix of actions and documents is the same every time. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
