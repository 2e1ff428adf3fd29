import { SetMetadata } from '@nestjs/common';
import type { AccessScope } from '../principal/roles';
import { REQUIRED_SCOPE_KEY } from './auth-metadata';

/**
 * Scope an API key needs for this route. Without the decorator, GET/HEAD/OPTIONS need `read` and every
 * other method `write`. Bearer-token users are governed by their workspace role (`RequireRole`) instead.
 */
export const RequireScope = (scope: AccessScope): MethodDecorator & ClassDecorator =>
  SetMetadata(REQUIRED_SCOPE_KEY, scope);
