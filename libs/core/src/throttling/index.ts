export { RedisThrottlerStorage } from './redis-throttler.storage';
export { ThrottlingModule } from './throttling.module';
export { AppThrottlerGuard } from './app-throttler.guard';
export { AUTH_THROTTLE_KEY, AUTH_THROTTLER, AuthThrottle } from './auth-throttle.decorator';
