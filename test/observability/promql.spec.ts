import { baseMetric, readPromQl } from './promql';

describe('readPromQl', () => {
  it('finds metric names, not functions, aggregations, keywords, numbers or durations', () => {
    const use = readPromQl(
      'histogram_quantile(0.95, sum by (le, route) (rate(http_request_duration_seconds_bucket{job="docqa-api"}[$__rate_interval]))) > 1e3 and on (route) up offset 5m',
    );
    expect(use.metrics).toEqual(['http_request_duration_seconds_bucket', 'up']);
    expect(use.grouping).toEqual(['le', 'route']);
  });

  it('reads the labels each selector matches on, whatever the label values hold', () => {
    const use = readPromQl(
      'sum(rate(llm_requests_total{provider!="none",outcome!~"ok|cancelled"}[5m])) / sum(rate(llm_requests_total{provider="a, b} c"}[5m])) or vector(0)',
    );
    expect(use.metrics).toEqual(['llm_requests_total']);
    expect(use.selectors).toEqual([
      { metric: 'llm_requests_total', labels: ['provider', 'outcome'] },
      { metric: 'llm_requests_total', labels: ['provider'] },
    ]);
  });

  it('reads metrics written without a selector and grouping written after the aggregation', () => {
    const use = readPromQl('sum(increase(llm_cost_usd_total[1h])) by (provider) * 60 - count(queue_jobs)');
    expect(use.metrics).toEqual(['llm_cost_usd_total', 'queue_jobs']);
    expect(use.grouping).toEqual(['provider']);
  });

  it('maps histogram series to their metric, and leaves other names alone', () => {
    const histograms = new Set(['retrieval_duration_seconds']);
    expect(baseMetric('retrieval_duration_seconds_bucket', histograms)).toBe('retrieval_duration_seconds');
    expect(baseMetric('retrieval_duration_seconds_count', histograms)).toBe('retrieval_duration_seconds');
    expect(baseMetric('llm_requests_total', histograms)).toBe('llm_requests_total');
    expect(baseMetric('retrieval_cache_count', histograms)).toBe('retrieval_cache_count');
  });
});
