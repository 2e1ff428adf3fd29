import { SetMetadata } from '@nestjs/common';
import { SESSION_ONLY_KEY } from './auth-metadata';

/** The route needs a signed-in user (bearer access token); API keys get 403 (e.g. changing a password). */
export const SessionOnly = (): MethodDecorator & ClassDecorator => SetMetadata(SESSION_ONLY_KEY, true);
