import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';

// Ids from clients are echoed into headers and logs, so only plain tokens of sane length are accepted.
const ACCEPTABLE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Takes the caller's X-Request-ID when it is a plain token, else makes one. The id is stored on the raw
 * request too, where pino-http picks it up, so Fastify, the logs and the error bodies share one id.
 */
export function requestIdFor(req: IncomingMessage): string {
  const given = req.headers[REQUEST_ID_HEADER];
  const candidate = Array.isArray(given) ? given[0] : given;
  const id = candidate && ACCEPTABLE_ID.test(candidate) ? candidate : randomUUID();
  (req as IncomingMessage & { id?: string }).id = id;
  return id;
}
