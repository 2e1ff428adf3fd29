import { CircuitBreakers, type CircuitState } from './circuit-breaker';

describe('CircuitBreakers', () => {
  let now: number;
  let changes: Array<[string, CircuitState]>;
  let circuits: CircuitBreakers;

  beforeEach(() => {
    now = 1_000_000;
    changes = [];
    circuits = new CircuitBreakers(
      { failureThreshold: 3, openMs: 30_000 },
      () => now,
      (p, m, s) => changes.push([`${p}/${m}`, s]),
    );
  });

  const fail = (model = 'm') => circuits.tryAcquire('groq', model)!.fail('HTTP 500');

  it('opens after the threshold of consecutive failures, and a success in between starts the count again', () => {
    fail();
    fail();
    circuits.tryAcquire('groq', 'm')!.succeed();
    fail();
    fail();
    expect(circuits.tryAcquire('groq', 'm')).not.toBeNull();
    fail();
    expect(circuits.tryAcquire('groq', 'm')).toBeNull();
    expect(changes).toEqual([['groq/m', 'open']]);
    expect(circuits.snapshot()).toEqual([
      expect.objectContaining({ provider: 'groq', model: 'm', state: 'open', consecutiveFailures: 3 }),
    ]);
  });

  it('keeps each provider and model apart', () => {
    for (let i = 0; i < 3; i++) fail('a');
    expect(circuits.tryAcquire('groq', 'a')).toBeNull();
    expect(circuits.tryAcquire('groq', 'b')).not.toBeNull();
    expect(circuits.tryAcquire('openai', 'a')).not.toBeNull();
  });

  it('lets one trial call through once open long enough, and closes on its success', () => {
    for (let i = 0; i < 3; i++) fail();
    now += 29_999;
    expect(circuits.tryAcquire('groq', 'm')).toBeNull();
    now += 1;
    const trial = circuits.tryAcquire('groq', 'm')!;
    expect(trial).not.toBeNull();
    expect(circuits.snapshot()[0].state).toBe('half_open');
    // While the trial runs, everyone else still skips the provider.
    expect(circuits.tryAcquire('groq', 'm')).toBeNull();
    trial.succeed();
    expect(circuits.snapshot()[0]).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
    expect(changes.map(([, s]) => s)).toEqual(['open', 'half_open', 'closed']);
  });

  it('opens again for a full period when the trial fails', () => {
    for (let i = 0; i < 3; i++) fail();
    now += 30_000;
    circuits.tryAcquire('groq', 'm')!.fail('timeout');
    expect(circuits.snapshot()[0].state).toBe('open');
    now += 29_999;
    expect(circuits.tryAcquire('groq', 'm')).toBeNull();
    now += 1;
    expect(circuits.tryAcquire('groq', 'm')).not.toBeNull();
  });

  it('lets another trial through when a trial ends saying nothing about the provider', () => {
    for (let i = 0; i < 3; i++) fail();
    now += 30_000;
    circuits.tryAcquire('groq', 'm')!.release();
    expect(circuits.snapshot()[0].state).toBe('half_open');
    expect(circuits.tryAcquire('groq', 'm')).not.toBeNull();
  });

  it('settles a permit once: a second verdict is ignored', () => {
    for (let i = 0; i < 2; i++) fail();
    const permit = circuits.tryAcquire('groq', 'm')!;
    permit.succeed();
    permit.fail('late');
    expect(circuits.snapshot()[0]).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
  });

  it('counts a failure recorded after a success (a stream cut mid-way)', () => {
    circuits.tryAcquire('groq', 'm')!.succeed();
    for (let i = 0; i < 3; i++) circuits.recordFailure('groq', 'm', 'stream cut');
    expect(circuits.tryAcquire('groq', 'm')).toBeNull();
  });
});
