import { JobOptions } from './job.types';

export interface ResolvedJobOptions {
  attempts: number;
  backoffMs: number;
  delayMs: number;
  dedupeKey: string | null;
}

/** Finished jobs each queue keeps for inspection, in both drivers. */
export const KEEP_COMPLETED_JOBS = 1000;
export const KEEP_FAILED_JOBS = 5000;

function wholeNumber(value: number, name: string, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`job option ${name} must be a whole number from ${min} to ${max}, got ${value}`);
  }
  return value;
}

/** Applies the configured defaults and rejects values neither driver could store. */
export function resolveJobOptions(
  defaults: { attempts: number; backoffMs: number },
  options: JobOptions = {},
): ResolvedJobOptions {
  const dedupeKey = options.dedupeKey ?? null;
  if (dedupeKey !== null && (dedupeKey.length === 0 || dedupeKey.length > 255)) {
    throw new RangeError('job option dedupeKey must have 1 to 255 characters');
  }
  return {
    attempts: wholeNumber(options.attempts ?? defaults.attempts, 'attempts', 1, 1000),
    backoffMs: wholeNumber(options.backoffMs ?? defaults.backoffMs, 'backoffMs', 0, 2 ** 31 - 1),
    delayMs: wholeNumber(options.delayMs ?? 0, 'delayMs', 0, 2 ** 31 - 1),
    dedupeKey,
  };
}
