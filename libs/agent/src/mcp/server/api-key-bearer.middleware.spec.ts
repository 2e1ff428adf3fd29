import type { IncomingMessage, ServerResponse } from 'node:http';
import { apiKeyBearerMiddleware } from './api-key-bearer.middleware';

function run(headers: Record<string, string>): Record<string, string | undefined> {
  const req = { headers: { ...headers } } as unknown as IncomingMessage;
  let called = false;
  apiKeyBearerMiddleware(req, {} as ServerResponse, () => (called = true));
  expect(called).toBe(true);
  return req.headers as Record<string, string | undefined>;
}

describe('API keys as bearer tokens on /mcp', () => {
  it('moves an API key sent as a bearer token to X-API-Key', () => {
    const headers = run({ authorization: 'Bearer dq_abcdefgh_secret' });
    expect(headers['x-api-key']).toBe('dq_abcdefgh_secret');
    expect(headers.authorization).toBeUndefined();
  });

  it('leaves access tokens (JWTs), other schemes and explicit API keys alone', () => {
    expect(run({ authorization: 'Bearer aaa.bbb.ccc' })).toEqual({ authorization: 'Bearer aaa.bbb.ccc' });
    expect(run({ authorization: 'Basic dXNlcjpwdw==' })).toEqual({ authorization: 'Basic dXNlcjpwdw==' });
    expect(run({ authorization: 'Bearer dq_x', 'x-api-key': 'dq_y' })).toEqual({
      authorization: 'Bearer dq_x',
      'x-api-key': 'dq_y',
    });
  });
});
