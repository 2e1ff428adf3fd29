export { AllExceptionsFilter, describeError } from './all-exceptions.filter';
export { CoreErrorCode, CoreException, DomainException } from './domain.exception';
export { errorBody, type ErrorBody } from './error-body';
export { describeValidationErrors, validationException } from './validation';
export {
  dependencyOutage,
  OUTAGE_RETRY_AFTER_SECONDS,
  serviceUnavailable,
  type Dependency,
  type DependencyOutage,
} from './dependency-outage';
