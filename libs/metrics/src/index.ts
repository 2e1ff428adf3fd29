export { METRICS, type MetricName } from './metric-names';
export { MetricsModule } from './metrics.module';
