export * from './parsed-document';
export { NO_HEADINGS, type DocumentParser, type OcrOptions, type ParseContext } from './document-parser';
export { parseDocument, toParseError, PARSERS, type ParseDocumentOptions } from './parse-document';
export {
  ParserPool,
  parserRssCapMb,
  parserWorkerPath,
  type ParseJobOptions,
  type ParserPoolOptions,
  type ParserPoolStats,
} from './parser-pool';
export { precheckZip, type ZipLimits } from './zip-precheck';
export { rowText, tableText } from './table-text';
export { ocrAvailable } from './ocr';
export { processRssBytes } from './process-memory';
