export { createRedisClient, REDIS, RedisModule, type RedisClient } from './redis.module';
