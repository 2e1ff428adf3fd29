import { SetMetadata } from '@nestjs/common';

/**
 * Metadata key of routes that need no authentication. It lives in core so that core's own controllers
 * (health, readiness) can be marked public without core depending on the auth lib, whose global guard reads it.
 */
export const IS_PUBLIC_KEY = 'docqa:isPublic';

/** The route (or every route of the controller) is served without authentication. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC_KEY, true);
