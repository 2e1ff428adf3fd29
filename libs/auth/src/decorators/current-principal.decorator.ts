import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { PRINCIPAL_REQUEST_KEY, type RequestPrincipal } from '../principal/request-principal';

/** The authenticated caller of this request (set by the global AuthGuard). */
export const CurrentPrincipal = createParamDecorator((_data: unknown, ctx: ExecutionContext): RequestPrincipal => {
  const request = ctx.switchToHttp().getRequest<Record<string, unknown>>();
  const principal = request[PRINCIPAL_REQUEST_KEY] as RequestPrincipal | undefined;
  // Only reachable on a @Public() route, where asking for a principal is a programming error.
  if (!principal) throw new Error('CurrentPrincipal() used on a route without authentication');
  return principal;
});
