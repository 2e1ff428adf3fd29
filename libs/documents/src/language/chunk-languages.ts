import { detectLanguage, type LanguageGuess } from './language-detector';
import { FALLBACK_TEXT_SEARCH_CONFIG } from './text-search-languages';

/** Text read to tell a document's language: samples spread over it, up to this many characters. */
const DOCUMENT_SAMPLE_CHARS = 40_000;

export interface ChunkLanguages {
  /** The document's language as detected (undefined when an override decided). */
  document?: LanguageGuess;
  /** The text search configuration of each chunk, in order. */
  configs: string[];
}

/**
 * The text search configuration each chunk of a document is indexed with. An override (the document's
 * `language` metadata, else its collection's setting) applies to every chunk. Otherwise the document's
 * language is detected from samples of its whole text, and a chunk whose own text is clearly in another
 * language (a quoted passage, one half of a bilingual manual) gets that one: stemming must fit the words of
 * each chunk, since its search terms are stemmed with its configuration. Text in no recognisable language
 * is indexed with `simple`.
 */
export function chunkTextSearchConfigs(texts: readonly string[], override?: string | null): ChunkLanguages {
  if (override) return { configs: texts.map(() => override) };
  const document = detectLanguage(sampleOf(texts));
  const fallback = document.confidence === 'none' ? FALLBACK_TEXT_SEARCH_CONFIG : document.config;
  const configs = texts.map((text) => {
    const own = detectLanguage(text);
    return own.confidence === 'high' ? own.config : fallback;
  });
  return { document, configs };
}

function sampleOf(texts: readonly string[]): string {
  const total = texts.reduce((n, t) => n + t.length, 0);
  if (total <= DOCUMENT_SAMPLE_CHARS) return texts.join('\n');
  const parts: string[] = [];
  let taken = 0;
  const step = total / DOCUMENT_SAMPLE_CHARS;
  for (let i = 0; i < texts.length && taken < DOCUMENT_SAMPLE_CHARS; i += Math.max(1, Math.floor(step))) {
    parts.push(texts[i]);
    taken += texts[i].length;
  }
  return parts.join('\n');
}
