import { PROVIDER_ERROR_LOG_SIZE, ProviderErrorLog } from './provider-error-log';

const entry = (n: number) => ({
  provider: 'openai' as const,
  model: 'gpt-4o-mini',
  outcome: 'server_error' as const,
  status: 500,
  message: `failure ${n}`,
  workspaceId: 'w1',
});

describe('ProviderErrorLog', () => {
  it('returns the failures newest first', () => {
    const log = new ProviderErrorLog();
    for (let n = 1; n <= 3; n++) log.record(entry(n));
    expect(log.recent().map((e) => e.message)).toEqual(['failure 3', 'failure 2', 'failure 1']);
    expect(log.recent(2).map((e) => e.message)).toEqual(['failure 3', 'failure 2']);
    expect(log.recent()[0]).toMatchObject({ provider: 'openai', status: 500, at: expect.any(String) });
  });

  it('keeps only the last entries once full, still newest first', () => {
    const log = new ProviderErrorLog();
    const total = PROVIDER_ERROR_LOG_SIZE + 5;
    for (let n = 1; n <= total; n++) log.record(entry(n));
    const recent = log.recent();
    expect(recent).toHaveLength(PROVIDER_ERROR_LOG_SIZE);
    expect(recent[0].message).toBe(`failure ${total}`);
    expect(recent[recent.length - 1].message).toBe('failure 6');
  });
});
