import { createHmac } from 'node:crypto';
import { databaseFor, databaseModes, testConfig } from '../support/test-env';
import { readJson, RunningApp, startApi } from '../support/http-app';
import { bearer, FAST_AUTH_ENV, registerAccount } from '../support/accounts';

const SECRET = 'test-only-jwt-secret-0123456789abcdefghijklmnop';

function b64(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** Builds a JWT by hand, so a test can make every kind of bad token the server must refuse. */
function jwt(header: Record<string, unknown>, claims: Record<string, unknown>, secret: string): string {
  const unsigned = `${b64(header)}.${b64(claims)}`;
  const alg = header.alg === 'HS512' ? 'sha512' : 'sha256';
  if (header.alg === 'none') return `${unsigned}.`;
  return `${unsigned}.${createHmac(alg, secret).update(unsigned).digest('base64url')}`;
}

describe.each(databaseModes())('access tokens (%s database)', (mode) => {
  let app: RunningApp;
  let cleanup: () => Promise<void>;
  let claims: { sub: string; sid: string };
  const now = () => Math.floor(Date.now() / 1000);
  const valid = () => ({ ...claims, iss: 'docqa', aud: 'docqa-api', iat: now(), exp: now() + 600 });
  const me = (token: string) => fetch(`${app.url}/api/v1/auth/me`, { headers: bearer(token) });

  beforeAll(async () => {
    const db = await databaseFor(mode);
    cleanup = db.cleanup;
    app = await startApi(testConfig({ ...db.env, ...FAST_AUTH_ENV, JWT_SECRET: SECRET }));
    const account = await registerAccount(app.url);
    const payload = JSON.parse(Buffer.from(account.accessToken.split('.')[1], 'base64url').toString('utf8'));
    expect(payload).toMatchObject({ iss: 'docqa', aud: 'docqa-api', sub: account.userId });
    expect(payload.exp - payload.iat).toBe(900);
    claims = { sub: payload.sub, sid: payload.sid };
  });
  afterAll(async () => {
    await app?.close();
    await cleanup?.();
  });

  it('accepts a token it signed with the real secret (the control for the cases below)', async () => {
    expect((await me(jwt({ alg: 'HS256', typ: 'JWT' }, valid(), SECRET))).status).toBe(200);
  });

  it.each([
    [
      'expired',
      () => jwt({ alg: 'HS256', typ: 'JWT' }, { ...valid(), iat: now() - 1000, exp: now() - 60 }, SECRET),
      /expired/,
    ],
    ['forged with another secret', () => jwt({ alg: 'HS256', typ: 'JWT' }, valid(), `${SECRET}-not`), /invalid/],
    ['unsigned (alg: none)', () => jwt({ alg: 'none', typ: 'JWT' }, valid(), SECRET), /invalid/],
    ['signed with another algorithm', () => jwt({ alg: 'HS512', typ: 'JWT' }, valid(), SECRET), /invalid/],
    [
      'from another issuer',
      () => jwt({ alg: 'HS256', typ: 'JWT' }, { ...valid(), iss: 'someone-else' }, SECRET),
      /invalid/,
    ],
    [
      'for another audience',
      () => jwt({ alg: 'HS256', typ: 'JWT' }, { ...valid(), aud: 'other-api' }, SECRET),
      /invalid/,
    ],
    ['without an expiry', () => jwt({ alg: 'HS256', typ: 'JWT' }, { ...valid(), exp: undefined }, SECRET), /invalid/],
    ['naming no session', () => jwt({ alg: 'HS256', typ: 'JWT' }, { ...valid(), sid: undefined }, SECRET), /invalid/],
    [
      'naming an unknown session',
      () => jwt({ alg: 'HS256', typ: 'JWT' }, { ...valid(), sid: '00000000-0000-4000-8000-000000000000' }, SECRET),
      /session/,
    ],
    ['garbage', () => 'not.a.jwt', /invalid/],
  ])('refuses a token %s with 401 in the standard error shape', async (_name, make, message) => {
    const res = await me(make());
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const body = await readJson(res);
    expect(body).toEqual({
      statusCode: 401,
      error: 'Unauthorized',
      message: expect.stringMatching(message),
      requestId: res.headers.get('x-request-id'),
    });
  });
});
