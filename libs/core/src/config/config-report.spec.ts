import { AppConfig, loadConfig } from './app-config';
import { describeConfiguration, REDACTED } from './config-report';
import { ENV_VARS } from './env.schema';

const JWT = 'jwt-secret-value-that-must-never-show-0123456789';
const KEY = 'k'.repeat(43) + '=';
const OPENAI = 'sk-test-openai-key-that-must-never-show';

function report(env: Record<string, string>) {
  const entries = describeConfiguration(loadConfig({ NODE_ENV: 'test', ...env }, '/srv'));
  if (!entries) throw new Error('no report for a loaded configuration');
  return new Map(entries.map((e) => [e.name, e]));
}

describe('describeConfiguration', () => {
  it('lists every variable of the schema, saying where each value comes from', () => {
    const entries = report({ PORT: '4000' });
    expect([...entries.keys()]).toEqual(Object.keys(ENV_VARS));
    expect(entries.get('PORT')).toMatchObject({ value: 4000, source: 'env', secret: false });
    expect(entries.get('JOB_ATTEMPTS')).toMatchObject({ value: 3, source: 'default' });
    expect(entries.get('OPENAI_API_KEY')).toMatchObject({ value: null, source: 'unset', secret: true });
    expect(entries.get('NODE_ENV')?.doc).toBe(ENV_VARS.NODE_ENV.doc);
  });

  it('never contains the value of a secret, and hides passwords inside URLs', () => {
    const env = {
      JWT_SECRET: JWT,
      ENCRYPTION_KEY: KEY,
      OPENAI_API_KEY: OPENAI,
      DATABASE_URL: 'postgres://docqa:db-password-x@db.internal:5432/docqa',
      OPENAI_BASE_URL: 'https://proxy-user:proxy-password-y@llm-proxy.internal/v1',
    };
    const entries = report(env);
    const text = JSON.stringify([...entries.values()]);
    for (const secret of [JWT, KEY, OPENAI, 'db-password-x', 'proxy-password-y']) expect(text).not.toContain(secret);
    for (const name of ['JWT_SECRET', 'ENCRYPTION_KEY', 'OPENAI_API_KEY', 'DATABASE_URL'] as const) {
      expect(entries.get(name)).toMatchObject({ value: REDACTED, source: 'env', secret: true });
    }
    expect(entries.get('OPENAI_BASE_URL')?.value).toBe(`https://proxy-user:${REDACTED}@llm-proxy.internal/v1`);
  });

  it('marks every variable whose name says it holds a secret as secret', () => {
    const looksSecret = Object.keys(ENV_VARS).filter(
      (n) => /(_KEY|SECRET|TOKEN|PASSWORD)$/.test(n) && !n.endsWith('_PUBLIC_KEY'),
    );
    const unmarked = looksSecret.filter((n) => !(ENV_VARS as Record<string, { secret?: boolean }>)[n].secret);
    expect(unmarked).toEqual([]);
  });

  it('has nothing to say about a configuration it did not load', () => {
    expect(describeConfiguration({} as AppConfig)).toBeNull();
  });
});
