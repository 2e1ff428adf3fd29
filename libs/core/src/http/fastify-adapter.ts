import { FastifyAdapter } from '@nestjs/platform-fastify';
import { AppConfig } from '../config';
import { requestIdFor } from '../logging';

/** Fastify as configured for both apps: our request ids, body limit, and a clean close. */
export function createFastifyAdapter(config: AppConfig): FastifyAdapter {
  return new FastifyAdapter({
    logger: false,
    genReqId: requestIdFor,
    requestIdHeader: false,
    bodyLimit: config.http.bodyLimitBytes,
    // On close: refuse new requests with 503, let in-flight ones finish, drop idle keep-alive sockets.
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  });
}
