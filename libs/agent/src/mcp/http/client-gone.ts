import type { FastifyReply } from 'fastify';

/**
 * A signal that aborts when the client goes away before its response is complete: the response's
 * connection closed unfinished. (A kept-alive socket's own close event would fire much later, or never.)
 */
export function clientGone(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  const res = reply.raw;
  res.once('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  return controller.signal;
}
