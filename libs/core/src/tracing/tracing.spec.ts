import { loadConfig } from '../config';
import { startTracing, traceRouteHook } from './tracing';

// The SDK setup must never load while tracing is off: loading it at all fails this test.
jest.mock('./otel-setup', () => {
  throw new Error('otel-setup was loaded with tracing off');
});

describe('tracing', () => {
  it('is off by default and then loads nothing of OpenTelemetry, nor adds a request hook', async () => {
    const config = loadConfig({ NODE_ENV: 'test' });
    expect(config.tracing).toMatchObject({ enabled: false, endpoint: 'http://localhost:4318', samplerRatio: 1 });
    const tracing = startTracing(config, 'api');
    expect(tracing.enabled).toBe(false);
    expect(traceRouteHook(config)).toBeUndefined();
    await expect(tracing.shutdown()).resolves.toBeUndefined();
  });

  it('loads the SDK setup once enabled (here: the mocked module, which refuses to load)', () => {
    const config = loadConfig({ NODE_ENV: 'test', OTEL_ENABLED: 'true' });
    expect(() => startTracing(config, 'api')).toThrow('otel-setup was loaded');
  });
});
