import { ExecutionContext, Injectable } from '@nestjs/common';
import { AppThrottlerGuard } from './app-throttler.guard';
import { rateLimitSubjectOf } from './rate-limit-subject';

/**
 * The second rate-limit pass, registered after authentication: it counts authenticated requests against
 * the `principal` throttler (per user or per API key). The first pass (per IP) runs before
 * authentication so floods and credential guessing are refused before any lookup; this pass does
 * nothing for anonymous requests and, through each throttler's skipIf, counts nothing twice.
 */
@Injectable()
export class PrincipalThrottlerGuard extends AppThrottlerGuard {
  override canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    if (!rateLimitSubjectOf(context.switchToHttp().getRequest<object>())) return true;
    return super.canActivate(context);
  }
}
