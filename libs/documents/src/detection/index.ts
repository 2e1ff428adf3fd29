export { detectFileType, detectionFailure, classifyZipNames, DOCUMENT_MIME, type Detection } from './detect-file-type';
export { decodeText, sniffEncoding, type DecodedText } from './text-encoding';
export {
  classifyText,
  guessDelimiter,
  looksLikeHtml,
  looksLikeMarkdown,
  type TextKind,
  type CsvDelimiter,
} from './text-kind';
