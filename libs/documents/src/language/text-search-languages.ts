/**
 * The PostgreSQL text search configurations chunks are indexed with. Each names a Snowball stemmer and
 * stop-word list that PostgreSQL (15 and later) and PGlite both ship; `simple` only lower-cases, for text in
 * a language without one (or none that could be told).
 */
export const DEFAULT_TEXT_SEARCH_CONFIG = 'english';
export const FALLBACK_TEXT_SEARCH_CONFIG = 'simple';

export interface TextSearchLanguage {
  /** The configuration's name in `pg_ts_config` (`regconfig`). */
  config: string;
  /** ISO 639-1 codes (and a few 639-2 ones) that name it in metadata or settings. */
  codes: readonly string[];
}

export const TEXT_SEARCH_LANGUAGES: readonly TextSearchLanguage[] = [
  { config: 'arabic', codes: ['ar', 'ara'] },
  { config: 'armenian', codes: ['hy', 'hye', 'arm'] },
  { config: 'basque', codes: ['eu', 'eus', 'baq'] },
  { config: 'catalan', codes: ['ca', 'cat'] },
  { config: 'danish', codes: ['da', 'dan'] },
  { config: 'dutch', codes: ['nl', 'nld', 'dut'] },
  { config: 'english', codes: ['en', 'eng'] },
  { config: 'finnish', codes: ['fi', 'fin'] },
  { config: 'french', codes: ['fr', 'fra', 'fre'] },
  { config: 'german', codes: ['de', 'deu', 'ger'] },
  { config: 'greek', codes: ['el', 'ell', 'gre'] },
  { config: 'hindi', codes: ['hi', 'hin'] },
  { config: 'hungarian', codes: ['hu', 'hun'] },
  { config: 'indonesian', codes: ['id', 'ind'] },
  { config: 'irish', codes: ['ga', 'gle'] },
  { config: 'italian', codes: ['it', 'ita'] },
  { config: 'lithuanian', codes: ['lt', 'lit'] },
  { config: 'nepali', codes: ['ne', 'nep'] },
  { config: 'norwegian', codes: ['no', 'nor', 'nb', 'nob', 'nn', 'nno'] },
  { config: 'portuguese', codes: ['pt', 'por'] },
  { config: 'romanian', codes: ['ro', 'ron', 'rum'] },
  { config: 'russian', codes: ['ru', 'rus'] },
  { config: 'serbian', codes: ['sr', 'srp'] },
  { config: 'spanish', codes: ['es', 'spa'] },
  { config: 'swedish', codes: ['sv', 'swe'] },
  { config: 'tamil', codes: ['ta', 'tam'] },
  { config: 'turkish', codes: ['tr', 'tur'] },
  { config: 'yiddish', codes: ['yi', 'yid'] },
  { config: FALLBACK_TEXT_SEARCH_CONFIG, codes: [] },
];

/** Every configuration a chunk may be indexed with. */
export const TEXT_SEARCH_CONFIGS: readonly string[] = TEXT_SEARCH_LANGUAGES.map((l) => l.config);

const BY_NAME = new Map<string, string>();
for (const { config, codes } of TEXT_SEARCH_LANGUAGES) {
  BY_NAME.set(config, config);
  for (const code of codes) BY_NAME.set(code, config);
}
// Common spellings people write in metadata.
for (const [name, config] of Object.entries({
  deutsch: 'german',
  français: 'french',
  francais: 'french',
  español: 'spanish',
  espanol: 'spanish',
  italiano: 'italian',
  português: 'portuguese',
  portugues: 'portuguese',
  nederlands: 'dutch',
  svenska: 'swedish',
  dansk: 'danish',
  norsk: 'norwegian',
  suomi: 'finnish',
  magyar: 'hungarian',
  türkçe: 'turkish',
  turkce: 'turkish',
  română: 'romanian',
  romana: 'romanian',
  català: 'catalan',
  русский: 'russian',
  none: FALLBACK_TEXT_SEARCH_CONFIG,
})) {
  BY_NAME.set(name, config);
}

/**
 * The configuration a language setting names: a configuration name (`german`), an ISO code (`de`, `de-AT`,
 * `pt_BR`) or a native name (`Deutsch`); undefined when it names none.
 */
export function textSearchConfigOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const key = value.trim().toLowerCase().normalize('NFC');
  if (!key) return undefined;
  return BY_NAME.get(key) ?? BY_NAME.get(key.split(/[-_]/)[0]);
}
