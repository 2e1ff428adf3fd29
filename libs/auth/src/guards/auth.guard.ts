import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { IS_PUBLIC_KEY, setRateLimitSubject } from '@docqa/core';
import { AuthErrorCode, AuthException } from '../auth.errors';
import {
  PLATFORM_ADMIN_KEY,
  REQUIRED_ROLE_KEY,
  REQUIRED_SCOPE_KEY,
  SESSION_ONLY_KEY,
} from '../decorators/auth-metadata';
import { PRINCIPAL_REQUEST_KEY, type RequestPrincipal } from '../principal/request-principal';
import { roleAtLeast, WORKSPACE_ROLES, type AccessScope, type WorkspaceRole } from '../principal/roles';
import { RequestAuthenticator } from './request-authenticator';

export const WORKSPACE_HEADER = 'x-workspace-id';
export const API_KEY_HEADER = 'x-api-key';
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** A route's access rules, read from its decorators once (handler over controller, like `getAllAndOverride`). */
interface RouteAccess {
  isPublic: boolean;
  sessionOnly: boolean;
  platformAdmin: boolean;
  scope?: AccessScope;
  roleRequired: boolean;
  /** The lowest role listed by `@RequireRole()`: RequireRole('editor') admits editors and owners. */
  roleBar?: WorkspaceRole;
}

/**
 * The global guard: every route needs a bearer access token or an API key unless it is `@Public()`.
 * It attaches the principal, then enforces `@SessionOnly()`, `@PlatformAdmin()`, API-key scopes
 * (`@RequireScope()`, else read for GET and write for the rest) and `@RequireRole()`. A route's rules
 * are read from its metadata on its first request and cached; public routes pass without a promise.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly routes = new WeakMap<object, WeakMap<object, RouteAccess>>();

  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: RequestAuthenticator,
  ) {}

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const access = this.accessFor(context);
    if (access.isPublic) return true;
    return this.authenticateAndAuthorize(context, access);
  }

  private async authenticateAndAuthorize(context: ExecutionContext, access: RouteAccess): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest & Record<string, unknown>>();
    const principal = await this.authenticate(request);
    request[PRINCIPAL_REQUEST_KEY] = principal;
    setRateLimitSubject(request, principal.apiKeyId ? `key:${principal.apiKeyId}` : `user:${principal.userId}`);
    authorize(access, request.method, principal);
    return true;
  }

  private authenticate(request: FastifyRequest): Promise<RequestPrincipal> {
    return this.authenticator.authenticate({
      authorization: header(request, 'authorization'),
      apiKey: header(request, API_KEY_HEADER),
      workspaceId: header(request, WORKSPACE_HEADER),
    });
  }

  private accessFor(context: ExecutionContext): RouteAccess {
    const classRef = context.getClass();
    const handler = context.getHandler();
    let byHandler = this.routes.get(classRef);
    if (!byHandler) this.routes.set(classRef, (byHandler = new WeakMap()));
    let access = byHandler.get(handler);
    if (!access) byHandler.set(handler, (access = this.readAccess(context)));
    return access;
  }

  private readAccess(context: ExecutionContext): RouteAccess {
    const targets = [context.getHandler(), context.getClass()];
    const meta = <T>(key: string) => this.reflector.getAllAndOverride<T | undefined>(key, targets);
    const roles = meta<WorkspaceRole[]>(REQUIRED_ROLE_KEY);
    return {
      isPublic: !!meta<boolean>(IS_PUBLIC_KEY),
      sessionOnly: !!meta<boolean>(SESSION_ONLY_KEY),
      platformAdmin: !!meta<boolean>(PLATFORM_ADMIN_KEY),
      scope: meta<AccessScope>(REQUIRED_SCOPE_KEY),
      roleRequired: !!roles?.length,
      roleBar: roles?.length ? [...WORKSPACE_ROLES].reverse().find((r) => roles.includes(r)) : undefined,
    };
  }
}

function authorize(access: RouteAccess, method: string, principal: RequestPrincipal): void {
  const isApiKey = principal.apiKeyId !== undefined;
  if (isApiKey && access.sessionOnly) {
    throw new AuthException(AuthErrorCode.SessionRequired, 'this route needs a signed-in user, not an API key');
  }
  if (access.platformAdmin) {
    if (principal.platformRole !== 'admin' || (isApiKey && !principal.scopes.includes('admin'))) {
      throw new AuthException(AuthErrorCode.PlatformAdminRequired, 'this route is for platform admins');
    }
  }
  if (isApiKey) {
    const scope = access.scope ?? (READ_METHODS.has(method) ? 'read' : 'write');
    if (!principal.scopes.includes(scope)) {
      throw new AuthException(AuthErrorCode.InsufficientScope, `this API key lacks the "${scope}" scope`);
    }
  }
  if (access.roleRequired && !(access.roleBar && roleAtLeast(principal.workspaceRole, access.roleBar))) {
    throw new AuthException(AuthErrorCode.InsufficientRole, `this needs the ${access.roleBar} role in the workspace`);
  }
}
