export { HealthModule } from './health.module';
export { ReadinessDetails, type ReadinessDetailSource } from './readiness-details';
