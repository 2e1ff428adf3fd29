/**
 * The one exception type stage code throws. Each lib defines its own code enum and a subclass that maps
 * every code to an HTTP status; the global filter turns it into the standard error body. Messages are
 * written for the API's users: they must not contain secrets or internals.
 */
export abstract class DomainException<C extends string = string> extends Error {
  abstract readonly httpStatus: number;
  /** Response headers the error implies, e.g. `Retry-After` on a 429. */
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    readonly code: C,
    message: string,
    options?: { cause?: unknown; headers?: Record<string, string> },
  ) {
    super(message, options);
    this.name = new.target.name;
    this.headers = options?.headers ?? {};
  }
}

export enum CoreErrorCode {
  ValidationFailed = 'VALIDATION_FAILED',
  NotFound = 'NOT_FOUND',
  NotReady = 'NOT_READY',
  Unauthorized = 'UNAUTHORIZED',
  /** PostgreSQL or Redis cannot be reached right now (see dependency-outage.ts): retry after `Retry-After`. */
  ServiceUnavailable = 'SERVICE_UNAVAILABLE',
}

const CORE_STATUS: Record<CoreErrorCode, number> = {
  [CoreErrorCode.ValidationFailed]: 400,
  [CoreErrorCode.NotFound]: 404,
  [CoreErrorCode.NotReady]: 503,
  [CoreErrorCode.Unauthorized]: 401,
  [CoreErrorCode.ServiceUnavailable]: 503,
};

export class CoreException extends DomainException<CoreErrorCode> {
  get httpStatus(): number {
    return CORE_STATUS[this.code];
  }
}
