import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { IS_PUBLIC_KEY, setRateLimitSubject } from '@docqa/core';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { AuthErrorCode, AuthException } from '../auth.errors';
import {
  PLATFORM_ADMIN_KEY,
  REQUIRED_ROLE_KEY,
  REQUIRED_SCOPE_KEY,
  SESSION_ONLY_KEY,
} from '../decorators/auth-metadata';
import { PrincipalResolver } from '../principal/principal.resolver';
import { PRINCIPAL_REQUEST_KEY, type RequestPrincipal } from '../principal/request-principal';
import { roleAtLeast, WORKSPACE_ROLES, type AccessScope, type WorkspaceRole } from '../principal/roles';
import { AccessTokenVerifier } from '../tokens/access-token.verifier';

export const WORKSPACE_HEADER = 'x-workspace-id';
export const API_KEY_HEADER = 'x-api-key';
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function unauthenticated(message: string): AuthException {
  return new AuthException(AuthErrorCode.Unauthenticated, message, { headers: { 'WWW-Authenticate': 'Bearer' } });
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The global guard: every route needs a bearer access token or an API key unless it is `@Public()`.
 * It attaches the principal, then enforces `@SessionOnly()`, `@PlatformAdmin()`, API-key scopes
 * (`@RequireScope()`, else read for GET and write for the rest) and `@RequireRole()`.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AccessTokenVerifier,
    private readonly principals: PrincipalResolver,
    private readonly apiKeys: ApiKeysService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    if (this.meta<boolean>(context, IS_PUBLIC_KEY)) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest & Record<string, unknown>>();
    const principal = await this.authenticate(request);
    request[PRINCIPAL_REQUEST_KEY] = principal;
    setRateLimitSubject(request, principal.apiKeyId ? `key:${principal.apiKeyId}` : `user:${principal.userId}`);
    this.authorize(context, request.method, principal);
    return true;
  }

  private async authenticate(request: FastifyRequest): Promise<RequestPrincipal> {
    const workspace = header(request, WORKSPACE_HEADER);
    const apiKey = header(request, API_KEY_HEADER);
    const authorization = header(request, 'authorization');
    if (apiKey !== undefined && authorization !== undefined) {
      throw unauthenticated('send either a bearer token or an API key, not both');
    }
    if (apiKey !== undefined) {
      const identity = await this.apiKeys.verify(apiKey);
      if (!identity) throw unauthenticated('API key is invalid, expired or revoked');
      return this.principals.forApiKey(identity, workspace);
    }
    if (authorization === undefined)
      throw unauthenticated('authentication required: send a bearer token or an API key');
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) throw unauthenticated('the Authorization header must be "Bearer <access token>"');
    const identity = await this.tokens.verify(match[1]);
    return this.principals.forToken(identity, workspace);
  }

  private authorize(context: ExecutionContext, method: string, principal: RequestPrincipal): void {
    const isApiKey = principal.apiKeyId !== undefined;
    if (isApiKey && this.meta<boolean>(context, SESSION_ONLY_KEY)) {
      throw new AuthException(AuthErrorCode.SessionRequired, 'this route needs a signed-in user, not an API key');
    }
    if (this.meta<boolean>(context, PLATFORM_ADMIN_KEY)) {
      if (principal.platformRole !== 'admin' || (isApiKey && !principal.scopes.includes('admin'))) {
        throw new AuthException(AuthErrorCode.PlatformAdminRequired, 'this route is for platform admins');
      }
    }
    if (isApiKey) {
      const scope =
        this.meta<AccessScope>(context, REQUIRED_SCOPE_KEY) ?? (READ_METHODS.has(method) ? 'read' : 'write');
      if (!principal.scopes.includes(scope)) {
        throw new AuthException(AuthErrorCode.InsufficientScope, `this API key lacks the "${scope}" scope`);
      }
    }
    const roles = this.meta<WorkspaceRole[]>(context, REQUIRED_ROLE_KEY);
    if (roles?.length) {
      // The lowest listed role is the bar: RequireRole('editor') admits editors and owners.
      const bar = [...WORKSPACE_ROLES].reverse().find((r) => roles.includes(r)) as WorkspaceRole;
      if (!roleAtLeast(principal.workspaceRole, bar)) {
        throw new AuthException(AuthErrorCode.InsufficientRole, `this needs the ${bar} role in the workspace`);
      }
    }
  }

  private meta<T>(context: ExecutionContext, key: string): T | undefined {
    return this.reflector.getAllAndOverride<T | undefined>(key, [context.getHandler(), context.getClass()]);
  }
}
