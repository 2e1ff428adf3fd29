import { SetMetadata } from '@nestjs/common';
import type { WorkspaceRole } from '../principal/roles';
import { REQUIRED_ROLE_KEY } from './auth-metadata';

/**
 * The caller's role in the request's workspace must be one of `roles` or rank above the lowest of them
 * (owner > editor > viewer): `@RequireRole('editor')` admits editors and owners. Fails with 403.
 */
export const RequireRole = (...roles: WorkspaceRole[]): MethodDecorator & ClassDecorator =>
  SetMetadata(REQUIRED_ROLE_KEY, roles);
