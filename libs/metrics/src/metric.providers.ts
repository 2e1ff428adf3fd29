import { makeCounterProvider, makeGaugeProvider, makeHistogramProvider } from '@willsoto/nestjs-prometheus';
import { Provider } from '@nestjs/common';
import { METRICS } from './metric-names';

/** One provider per declared metric; stage code injects them with `@InjectMetric(name)`. */
export const metricProviders: Provider[] = Object.entries(METRICS).map(([name, def]) => {
  const base = { name, help: def.help, labelNames: [...def.labelNames] };
  switch (def.type) {
    case 'counter':
      return makeCounterProvider(base);
    case 'gauge':
      return makeGaugeProvider(base);
    case 'histogram':
      return makeHistogramProvider({ ...base, buckets: 'buckets' in def ? def.buckets : undefined });
  }
});
