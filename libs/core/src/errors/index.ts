export { AllExceptionsFilter, describeError } from './all-exceptions.filter';
export { CoreErrorCode, CoreException, DomainException } from './domain.exception';
export { errorBody, type ErrorBody } from './error-body';
export { describeValidationErrors, validationException } from './validation';
