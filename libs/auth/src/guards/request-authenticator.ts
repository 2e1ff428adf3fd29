import { Injectable } from '@nestjs/common';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { AuthErrorCode, AuthException } from '../auth.errors';
import { PrincipalResolver } from '../principal/principal.resolver';
import type { RequestPrincipal } from '../principal/request-principal';
import { AccessTokenVerifier } from '../tokens/access-token.verifier';

/** The credentials a request presents, from HTTP headers or (for WebSockets, which browsers cannot give headers) the URL. */
export interface PresentedCredentials {
  /** The `Authorization` header value. */
  authorization?: string;
  apiKey?: string;
  /** The `X-Workspace-Id` value. */
  workspaceId?: string;
}

export function unauthenticated(message: string): AuthException {
  return new AuthException(AuthErrorCode.Unauthenticated, message, { headers: { 'WWW-Authenticate': 'Bearer' } });
}

/** Turns presented credentials into the principal: the one way every transport authenticates. */
@Injectable()
export class RequestAuthenticator {
  constructor(
    private readonly tokens: AccessTokenVerifier,
    private readonly principals: PrincipalResolver,
    private readonly apiKeys: ApiKeysService,
  ) {}

  async authenticate({ authorization, apiKey, workspaceId }: PresentedCredentials): Promise<RequestPrincipal> {
    if (apiKey !== undefined && authorization !== undefined) {
      throw unauthenticated('send either a bearer token or an API key, not both');
    }
    if (apiKey !== undefined) {
      const identity = await this.apiKeys.verify(apiKey);
      if (!identity) throw unauthenticated('API key is invalid, expired or revoked');
      return this.principals.forApiKey(identity, workspaceId);
    }
    if (authorization === undefined)
      throw unauthenticated('authentication required: send a bearer token or an API key');
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) throw unauthenticated('the Authorization header must be "Bearer <access token>"');
    const identity = await this.tokens.verify(match[1]);
    return this.principals.forToken(identity, workspaceId);
  }
}
