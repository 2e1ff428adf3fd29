import { SetMetadata } from '@nestjs/common';
import { PLATFORM_ADMIN_KEY } from './auth-metadata';

/**
 * Ops route: only platform admins (403 for everyone else; these are not tenant resources, so their
 * existence is no secret). An admin's API key also needs the `admin` scope.
 */
export const PlatformAdmin = (): MethodDecorator & ClassDecorator => SetMetadata(PLATFORM_ADMIN_KEY, true);
