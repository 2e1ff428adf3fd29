import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AuthErrorCode, AuthException } from '../auth.errors';
import { JWT_ALGORITHM, JWT_AUDIENCE, JWT_ISSUER, type TokenIdentity } from './access-token.claims';

function unauthenticated(message: string): AuthException {
  return new AuthException(AuthErrorCode.Unauthenticated, message, {
    headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
  });
}

/**
 * Verifies bearer access tokens: HS256 only (so `alg: none` and algorithm confusion fail), our issuer
 * and audience, and an expiry. The algorithm, issuer and audience are passed on every call rather than
 * trusted to module defaults.
 */
@Injectable()
export class AccessTokenVerifier {
  constructor(private readonly jwt: JwtService) {}

  async verify(token: string): Promise<TokenIdentity> {
    let claims: Record<string, unknown>;
    try {
      claims = await this.jwt.verifyAsync<Record<string, unknown>>(token, {
        algorithms: [JWT_ALGORITHM],
        issuer: JWT_ISSUER,
        audience: JWT_AUDIENCE,
      });
    } catch (err) {
      const expired = (err as { name?: string }).name === 'TokenExpiredError';
      throw unauthenticated(expired ? 'access token expired' : 'access token is invalid');
    }
    const { sub, sid, exp } = claims;
    if (typeof sub !== 'string' || typeof sid !== 'string' || typeof exp !== 'number') {
      throw unauthenticated('access token is invalid');
    }
    return { userId: sub, sessionId: sid };
  }
}
