export { METRICS, type MetricName } from './metric-names';
export { MetricsModule } from './metrics.module';
export { MetricProvidersModule } from './metric-providers.module';
