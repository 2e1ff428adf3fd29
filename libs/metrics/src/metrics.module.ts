import { Module } from '@nestjs/common';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { HttpMetricsHook } from './http-metrics.hook';
import { MetricProvidersModule } from './metric-providers.module';
import { MetricsController, MetricsTokenGuard } from './metrics.controller';
import { QueueDepthCollector } from './queue-depth.collector';

/** `GET /metrics` (outside the /api/v1 prefix) with process metrics and every DocQA metric. */
@Module({
  imports: [
    PrometheusModule.register({ path: '/metrics', controller: MetricsController, defaultMetrics: { enabled: true } }),
    MetricProvidersModule,
  ],
  providers: [MetricsTokenGuard, HttpMetricsHook, QueueDepthCollector],
  exports: [MetricProvidersModule],
})
export class MetricsModule {}
