import { lexicalRelevance } from './relevance';

/**
 * A line break that sits inside a sentence: the line before does not end one (no `.`, `!`, `?` or `:`) and the
 * next line goes on in lower case. PDFs break every layout line and join pages with a blank line, and soft-wrapped
 * Markdown keeps its line breaks, so a sentence can run over a break or a page boundary.
 */
const BREAK_INSIDE_SENTENCE = /(?<=[^\s.!?:])[ \t]*\n(?:[ \t]*\n)*[ \t]*(?=\p{Ll})/gu;

/**
 * The passage with line breaks inside sentences turned into spaces. The offline answerer and the verifier read
 * sentences, and both end one at a line break: without this, a sentence that runs from one PDF page onto the
 * next is two halves, neither of which answers the question.
 */
export function reflowLines(text: string): string {
  return text.replace(BREAK_INSIDE_SENTENCE, ' ');
}

/** Document types whose parsers keep headings as their own paragraphs in the chunk text. */
const HEADED_TYPES = new Set(['markdown', 'html', 'docx']);

/** Longest line read as a heading. */
const HEADING_MAX_CHARS = 120;

function isHeadingLike(paragraph: string): boolean {
  const line = paragraph.trim();
  return (
    line.length > 0 &&
    line.length <= HEADING_MAX_CHARS &&
    !line.includes('\n') &&
    !/[.!?:;,]$/.test(line) &&
    !/^[-*+|>#]|^\d+[.)]\s/.test(line)
  );
}

/**
 * The heading path of the part of a chunk that answers the query. A chunk that runs over several sections
 * carries only the headings they share (none, for sibling sections of a document without a title), so its
 * sources would say nothing about where they are from. The chunk text holds each section's heading as a
 * paragraph of its own, so the section that covers the query best, when it starts with one, adds that heading
 * to the shared path. One level only: the text does not say how deep the heading is.
 */
export function sectionHeadingPath(
  chunkText: string,
  sharedPath: readonly string[],
  documentType: string,
  query: string,
): string[] {
  if (!HEADED_TYPES.has(documentType)) return [...sharedPath];
  const paragraphs = chunkText.split(/\n[ \t]*\n/);
  const sections: { heading?: string; text: string }[] = [];
  for (const p of paragraphs) {
    if (isHeadingLike(p) && !sharedPath.includes(p.trim())) sections.push({ heading: p.trim(), text: '' });
    else if (sections.length) sections[sections.length - 1].text += `\n\n${p}`;
    else sections.push({ text: p });
  }
  if (sections.length < 2 && !sections[0]?.heading) return [...sharedPath];
  const scores = lexicalRelevance(
    query,
    sections.map((s) => s.text),
  );
  let best = 0;
  scores.forEach((score, i) => {
    if (score > scores[best]) best = i;
  });
  const heading = sections[best].heading;
  return heading && scores[best] > 0 ? [...sharedPath, heading] : [...sharedPath];
}
