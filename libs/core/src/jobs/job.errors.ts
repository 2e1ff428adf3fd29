/**
 * Thrown by a handler when retrying cannot help (a corrupt file, a deleted document): the job fails at
 * once and the handler's `onFailed` runs.
 */
export class UnrecoverableJobError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UnrecoverableJobError';
  }
}

/** Given to `onFailed` when a job's runs were all used up by crashed or stopped processes. */
export class JobAttemptsAbandonedError extends Error {
  constructor(attempts: number) {
    super(`the job was started ${attempts} time(s) and never finished (process crashed or was stopped)`);
    this.name = 'JobAttemptsAbandonedError';
  }
}

/** Given to `onFailed` when no provider handles the job's name in this process. */
export class NoJobHandlerError extends Error {
  constructor(name: string) {
    super(`no @JobHandler('${name}') provider is registered in this process`);
    this.name = 'NoJobHandlerError';
  }
}
