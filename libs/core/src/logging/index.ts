export { LoggingModule } from './logging.module';
export { REDACTED_PATHS } from './redaction';
export { REQUEST_ID_HEADER, requestIdFor } from './request-id';
