export { HealthModule } from './health.module';
export { withTimeout } from './with-timeout';
