import { Module } from '@nestjs/common';
import { metricProviders } from './metric.providers';

/**
 * Every declared metric as an injectable provider, for stage libs to fill (`@InjectMetric(name)`), without
 * the `/metrics` route and collectors that the apps get from `MetricsModule`.
 */
@Module({ providers: metricProviders, exports: metricProviders })
export class MetricProvidersModule {}
