import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * MCP clients are usually configured with one bearer token. An API key sent as `Authorization: Bearer
 * <key>` is moved to `X-API-Key` before authentication, so the one auth guard handles it; an access token
 * (a JWT: three dot-separated parts, where API keys have no dot) is left alone.
 */
export function apiKeyBearerMiddleware(req: IncomingMessage, _res: ServerResponse, next: () => void): void {
  const authorization = req.headers.authorization;
  if (typeof authorization === 'string' && req.headers['x-api-key'] === undefined) {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
    if (token && !token.includes('.')) {
      req.headers['x-api-key'] = token;
      delete req.headers.authorization;
    }
  }
  next();
}
