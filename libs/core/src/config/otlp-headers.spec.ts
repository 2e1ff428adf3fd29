import { ConfigError } from './config.error';
import { loadConfig } from './app-config';

describe('OpenTelemetry settings', () => {
  it('read the endpoint, URL-decoded headers, the service name and the sampling ratio', () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      OTEL_ENABLED: 'true',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otel.example.com:4318/',
      OTEL_EXPORTER_OTLP_HEADERS: 'Authorization=Bearer%20abc,x-tenant=docqa',
      OTEL_SERVICE_NAME: 'docqa-eu',
      OTEL_TRACES_SAMPLER_ARG: '0.25',
    });
    expect(config.tracing).toEqual({
      enabled: true,
      endpoint: 'https://otel.example.com:4318',
      headers: { authorization: 'Bearer abc', 'x-tenant': 'docqa' },
      serviceName: 'docqa-eu',
      samplerRatio: 0.25,
    });
  });

  it('refuse malformed headers without echoing them, a ratio outside 0..1 and a non-HTTP endpoint', () => {
    const problems = (env: Record<string, string>): string => {
      try {
        loadConfig({ NODE_ENV: 'test', ...env });
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        return (err as Error).message;
      }
      return '';
    };
    const headers = problems({ OTEL_EXPORTER_OTLP_HEADERS: 'ok=1,secret-without-equals' });
    expect(headers).toContain('OTEL_EXPORTER_OTLP_HEADERS (value hidden): entry 2 is not valid');
    expect(headers).not.toContain('secret-without-equals');
    expect(problems({ OTEL_TRACES_SAMPLER_ARG: '1.5' })).toContain('OTEL_TRACES_SAMPLER_ARG');
    expect(problems({ OTEL_EXPORTER_OTLP_ENDPOINT: 'grpc://collector:4317' })).toContain(
      'OTEL_EXPORTER_OTLP_ENDPOINT must be a http:// or https:// URL',
    );
  });
});
