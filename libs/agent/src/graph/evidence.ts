import type { AnswerSource } from '../agent.types';
import type { Evidence } from './agent-state';

/** Characters of a source's snippet (the passage as the client shows it). */
export const SNIPPET_CHARS = 300;

export function snippetOf(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= SNIPPET_CHARS ? flat : `${flat.slice(0, SNIPPET_CHARS - 1).trimEnd()}…`;
}

/** The numbered sources of an answer: evidence `i` is cited as `[i + 1]`. */
export function sourcesOf(evidence: readonly Evidence[]): AnswerSource[] {
  return evidence.map((e, i) => ({
    n: i + 1,
    chunkId: e.chunkId,
    documentId: e.documentId,
    title: e.title,
    filename: e.filename,
    ...(e.page !== undefined ? { page: e.page } : {}),
    ...(e.slide !== undefined ? { slide: e.slide } : {}),
    ...(e.row !== undefined ? { row: e.row } : {}),
    ...(e.unitEnd !== undefined ? { unitEnd: e.unitEnd } : {}),
    ...(e.sheet !== undefined ? { sheet: e.sheet } : {}),
    headingPath: e.headingPath,
    snippet: snippetOf(e.snippet),
    kind: e.kind,
    ...(e.tool ? { tool: e.tool } : {}),
  }));
}

/** Where a source is from, for the model: "handbook.pdf, p. 3 > Installation" ("pp. 3-4" across pages). */
export function describeSource(e: Evidence): string {
  const at = (one: string, many: string, first: number) =>
    e.unitEnd !== undefined && e.unitEnd > first ? `${many} ${first}-${e.unitEnd}` : `${one} ${first}`;
  const where =
    e.page !== undefined
      ? at('p.', 'pp.', e.page)
      : e.slide !== undefined
        ? at('slide', 'slides', e.slide)
        : e.row !== undefined
          ? at('row', 'rows', e.row)
          : '';
  const name = e.kind === 'tool' && e.tool ? `tool ${e.tool.server}/${e.tool.name}` : (e.title ?? e.filename);
  return [name, where, e.headingPath.join(' > ')].filter(Boolean).join(', ');
}
