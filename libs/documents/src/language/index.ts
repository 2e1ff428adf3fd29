export { detectLanguage, type LanguageGuess } from './language-detector';
export { chunkTextSearchConfigs, type ChunkLanguages } from './chunk-languages';
export {
  DEFAULT_TEXT_SEARCH_CONFIG,
  FALLBACK_TEXT_SEARCH_CONFIG,
  TEXT_SEARCH_CONFIGS,
  TEXT_SEARCH_LANGUAGES,
  textSearchConfigOf,
  type TextSearchLanguage,
} from './text-search-languages';
