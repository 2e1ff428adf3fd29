export { LoggingModule } from './logging.module';
export { REDACTED_PATHS } from './redaction';
export { currentRequestId, runInRequestContext } from './request-context';
export { REQUEST_ID_HEADER, requestIdFor } from './request-id';
export { scrubLogObject, setLogScrubber, type LogScrubber } from './log-scrubber';
