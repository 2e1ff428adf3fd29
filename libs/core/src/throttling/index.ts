export { RedisThrottlerStorage } from './redis-throttler.storage';
export { ThrottlingModule } from './throttling.module';
