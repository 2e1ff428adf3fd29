import { HttpException } from '@nestjs/common';
import { CoreErrorCode, CoreException, DomainException } from './domain.exception';

/** What a request could not reach. */
export type Dependency = 'database' | 'redis' | 'network';

export interface DependencyOutage {
  dependency: Dependency;
  /** The driver's own message, for the log (never sent to the client). */
  reason: string;
}

/**
 * Seconds a client should wait before retrying after a 503 for an outage: PostgreSQL pools and the Redis
 * clients reconnect within about two seconds of the dependency coming back.
 */
export const OUTAGE_RETRY_AFTER_SECONDS = 5;

/** Socket errors of a connection that cannot be made or was cut. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/**
 * SQLSTATEs that mean the server cannot serve this session, not that the statement is wrong: class 08
 * (connection exception), 57P01-57P03 (the server is shutting down or starting up), 53300 (too many
 * connections).
 */
function isUnavailableSqlState(code: string): boolean {
  return /^08[0-9A-Z]{3}$/.test(code) || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300';
}

/** node-postgres and pg-pool messages for a connection that died or never came (they carry no code). */
const PG_CONNECTION_MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect/,
  /^Client has encountered a connection error and is not queryable/,
  /^Client was closed and is not queryable/,
  /^Cannot use a pool after calling end on the pool/,
];

/** ioredis (and so BullMQ) while its connection is down: offline queue off, retries used up, or closed. */
const REDIS_MESSAGES = [
  /^Stream isn't writeable and enableOfflineQueue options is false/,
  /^Reached the max retries per request limit/,
  /^Connection is closed\.?$/,
];

function classifyOne(err: unknown): Dependency | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const { code, name, message } = err as { code?: unknown; name?: unknown; message?: unknown };
  const text = typeof message === 'string' ? message : '';
  if (name === 'MaxRetriesPerRequestError' || REDIS_MESSAGES.some((re) => re.test(text))) return 'redis';
  if (typeof code === 'string') {
    if (/^[0-9A-Z]{5}$/.test(code)) return isUnavailableSqlState(code) ? 'database' : undefined;
    if (NETWORK_CODES.has(code)) return 'network';
  }
  if (PG_CONNECTION_MESSAGES.some((re) => re.test(text))) return 'database';
  return undefined;
}

/** The errors an error wraps: TypeORM's `driverError`, `cause`, and an AggregateError's (a refused dual-stack connect). */
function wrapped(err: object): unknown[] {
  const e = err as { driverError?: unknown; cause?: unknown; errors?: unknown };
  const inner: unknown[] = [e.driverError, e.cause];
  if (Array.isArray(e.errors)) inner.push(...(e.errors as unknown[]));
  return inner.filter((x) => x !== undefined && x !== null && x !== err);
}

/**
 * Whether `err` means PostgreSQL or Redis (or another service reached over the network) cannot be reached
 * right now, looking through the errors it wraps. Such a failure is an outage the client should retry,
 * not a bug: it is answered 503 with `Retry-After` and logged without a stack.
 */
export function dependencyOutage(err: unknown): DependencyOutage | undefined {
  const queue: unknown[] = [err];
  const seen = new Set<unknown>();
  while (queue.length && seen.size < 10) {
    const next = queue.shift();
    if (seen.has(next)) continue;
    seen.add(next);
    const dependency = classifyOne(next);
    if (dependency) {
      const reason = (next as { message?: unknown }).message;
      return { dependency, reason: typeof reason === 'string' && reason ? reason : String(next) };
    }
    if (typeof next === 'object' && next !== null) queue.push(...wrapped(next));
  }
  return undefined;
}

/**
 * The SERVICE_UNAVAILABLE exception for an outage (with `Retry-After`), or undefined when `err` is not one.
 * The agent uses it too, so a streamed chat's `error` event names the same code the JSON answer would.
 */
export function serviceUnavailable(err: unknown): CoreException | undefined {
  if (err instanceof CoreException && err.code === CoreErrorCode.ServiceUnavailable) return err;
  // A stage's own exception (an embedding provider unreachable, say) already says what the client gets.
  if (err instanceof DomainException || err instanceof HttpException) return undefined;
  const outage = dependencyOutage(err);
  if (!outage) return undefined;
  const what = { database: 'the database', redis: 'Redis', network: 'a service it depends on' }[outage.dependency];
  return new CoreException(
    CoreErrorCode.ServiceUnavailable,
    `temporarily unavailable: cannot reach ${what}; retry shortly`,
    {
      cause: err,
      headers: { 'Retry-After': String(OUTAGE_RETRY_AFTER_SECONDS) },
    },
  );
}
