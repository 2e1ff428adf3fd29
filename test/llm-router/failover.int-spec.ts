import { LlmRouterErrorCode, LlmRouterException, type ChatRequest } from '@docqa/llm-router';
import { bearer, registerAccount, uniqueEmail, type Account } from '../support/accounts';
import { fakeAnswer } from '../support/fake-llm-servers';
import { databaseModes } from '../support/test-env';
import {
  collect,
  FAST_LLM_ENV,
  getJson,
  providerEnv,
  startFakes,
  startLlmApp,
  textOf,
  type Fakes,
  type LlmTestApp,
} from './llm-test-app';

const ask = (question: string): ChatRequest => ({ messages: [{ role: 'user', content: question }] });

/**
 * The router against fake vendors that fail on cue, through their real SDKs, in the real API: the order it
 * fails over in, how often it retries and how long it waits, the timeouts, the circuits, and what happens
 * when a stream breaks before or after its first token.
 */
describe.each(databaseModes())('LLM routing and failover (%s database)', (mode) => {
  let fakes: Fakes;
  let llm: LlmTestApp;
  let admin: Account;
  let user: Account;
  const context = () => ({ workspaceId: user.personalWorkspaceId, userId: user.userId });

  beforeAll(async () => {
    fakes = await startFakes();
    llm = await startLlmApp(mode, { ...providerEnv(fakes), ...FAST_LLM_ENV });
    admin = await registerAccount(llm.app.url, uniqueEmail('admin'));
    user = await registerAccount(llm.app.url, uniqueEmail('user'));
  });
  afterEach(() => fakes.reset());
  afterAll(async () => {
    await llm?.close();
    await fakes?.close();
  });

  it('fails over in chain order, retrying each retryable failure twice before moving on', async () => {
    fakes.groq.answerAlways({ kind: 'status', status: 500 });
    fakes.openai.answerAlways({ kind: 'status', status: 429, retryAfter: '0' });
    const result = await llm.router.chat(ask('Which provider answers?'), {
      ...context(),
      chain: ['groq:order-model', 'openai:order-model', 'anthropic:order-model', 'offline'],
    });
    expect(result.provider).toBe('anthropic');
    expect(result.text).toBe(fakeAnswer('anthropic', 'Which provider answers?'));
    expect(result.attempts.map((a) => `${a.provider}:${a.outcome}`)).toEqual([
      'groq:server_error',
      'groq:server_error',
      'groq:server_error',
      'openai:rate_limited',
      'openai:rate_limited',
      'openai:rate_limited',
      'anthropic:ok',
    ]);
    expect(result.attempts[0]).toMatchObject({ status: 500 });
    expect([fakes.groq.requests.length, fakes.openai.requests.length, fakes.anthropic.requests.length]).toEqual([
      3, 3, 1,
    ]);
  });

  it('waits what Retry-After asks before retrying the same provider', async () => {
    fakes.openai.answerNext({ kind: 'status', status: 429, retryAfter: '1' });
    const started = Date.now();
    const result = await llm.router.chat(ask('patience'), { ...context(), chain: ['openai:patient-model'] });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(result.attempts.map((a) => a.outcome)).toEqual(['rate_limited', 'ok']);
    expect(fakes.openai.requests).toHaveLength(2);
  });

  it('fails over at once, without retrying, on a rejected key or request, or a Retry-After longer than it waits', async () => {
    fakes.groq.answerNext({ kind: 'status', status: 401 });
    fakes.openai.answerNext({ kind: 'status', status: 400, message: 'bad request' });
    fakes.cohere.answerNext({ kind: 'status', status: 429, retryAfter: '60' });
    const result = await llm.router.chat(ask('no retries'), {
      ...context(),
      chain: ['groq:once-model', 'openai:once-model', 'cohere:once-model', 'anthropic:once-model'],
    });
    expect(result.attempts.map((a) => `${a.provider}:${a.outcome}`)).toEqual([
      'groq:auth',
      'openai:rejected',
      'cohere:rate_limited',
      'anthropic:ok',
    ]);
    expect([fakes.groq, fakes.openai, fakes.cohere].map((f) => f.requests.length)).toEqual([1, 1, 1]);
  });

  it('times out a provider that never answers (connect) or never starts streaming (first token), and retries it', async () => {
    fakes.openai.answerNext({ kind: 'hang' }, { kind: 'stall' }, { kind: 'hang' });
    const result = await llm.router.chat(ask('anyone there?'), {
      ...context(),
      chain: ['openai:slow-model', 'groq:slow-model'],
    });
    expect(result.provider).toBe('groq');
    expect(result.attempts.slice(0, 3).map((a) => a.outcome)).toEqual(['timeout', 'timeout', 'timeout']);
    expect(result.attempts[0].message).toMatch(/no answer within 400 ms/);
    expect(result.attempts[1].message).toMatch(/no first token within 700 ms/);
    expect(fakes.openai.requests.map((r) => r.answered)).toEqual(['hang', 'stall', 'hang']);
  });

  it('opens a circuit after repeated failures, skips the provider while open, and closes it after a good trial', async () => {
    fakes.cohere.answerAlways({ kind: 'status', status: 503 });
    const chain = ['cohere:circuit-model', 'offline'];
    const first = await llm.router.chat(ask('first'), { ...context(), chain });
    expect(first.provider).toBe('offline');
    expect(first.attempts.filter((a) => a.provider === 'cohere').map((a) => a.outcome)).toEqual([
      'server_error',
      'server_error',
      'server_error',
    ]);
    const circuits = await getJson(`${llm.app.url}/api/v1/admin/llm/circuits`, bearer(admin.accessToken));
    expect(circuits.status).toBe(200);
    expect(circuits.body.items).toContainEqual(
      expect.objectContaining({ provider: 'cohere', model: 'circuit-model', state: 'open', consecutiveFailures: 3 }),
    );
    const ready = await getJson(`${llm.app.url}/api/v1/ready`, {});
    expect(ready.status).toBe(200);
    expect(ready.body.details.llm.status).toBe('up');
    expect(ready.body.details.llm.openCircuits).toBeGreaterThanOrEqual(1);
    expect(ready.body.details.llm.circuits).toContainEqual({
      provider: 'cohere',
      model: 'circuit-model',
      state: 'open',
    });

    // While open, the provider is not called at all.
    const second = await llm.router.chat(ask('second'), { ...context(), chain });
    expect(second.attempts[0]).toMatchObject({ provider: 'cohere', outcome: 'circuit_open' });
    expect(fakes.cohere.requests).toHaveLength(3);

    // After LLM_CIRCUIT_OPEN_MS one trial call goes through; it succeeds and the circuit closes.
    fakes.cohere.answerAlways(undefined);
    await new Promise((resolve) => setTimeout(resolve, 900));
    const third = await llm.router.chat(ask('third'), { ...context(), chain });
    expect(third.provider).toBe('cohere');
    const after = await getJson(`${llm.app.url}/api/v1/admin/llm/circuits`, bearer(admin.accessToken));
    expect(after.body.items).toContainEqual(
      expect.objectContaining({ provider: 'cohere', model: 'circuit-model', state: 'closed', consecutiveFailures: 0 }),
    );
    const users = await getJson(`${llm.app.url}/api/v1/admin/llm/circuits`, bearer(user.accessToken));
    expect(users.status).toBe(403);
  });

  it('fails over when a stream breaks before its first token', async () => {
    fakes.anthropic.answerNext(
      { kind: 'cut', afterChunks: 0 },
      { kind: 'cut', afterChunks: 0 },
      { kind: 'cut', afterChunks: 0 },
    );
    const events = await collect(
      llm.router.stream(ask('cut early'), { ...context(), chain: ['anthropic:cut-model', 'groq:cut-model'] }),
    );
    expect(events[0]).toMatchObject({ type: 'start', provider: 'groq' });
    expect(textOf(events)).toBe(fakeAnswer('groq', 'cut early'));
    expect(events.at(-1)).toMatchObject({ type: 'done' });
    const done = events.at(-1)!;
    if (done.type !== 'done') throw new Error('expected done');
    expect(done.result.attempts.map((a) => `${a.provider}:${a.outcome}`)).toEqual([
      'anthropic:connection',
      'anthropic:connection',
      'anthropic:connection',
      'groq:ok',
    ]);
  });

  it('ends the stream with an error event when it breaks after the first token, and records the partial usage', async () => {
    fakes.openai.answerNext({ kind: 'cut', afterChunks: 3 });
    const events = await collect(
      llm.router.stream(ask('cut late please'), {
        ...context(),
        chain: ['openai:late-cut-model', 'groq:late-cut-model'],
        requestId: 'req-late-cut',
      }),
    );
    expect(events.map((e) => e.type)).toEqual(['start', 'text', 'text', 'text', 'error']);
    const error = events.at(-1)!;
    if (error.type !== 'error') throw new Error('expected error');
    expect(error).toMatchObject({
      provider: 'openai',
      model: 'late-cut-model',
      error: { code: LlmRouterErrorCode.StreamInterrupted },
      partialText: textOf(events),
      usage: { estimated: true },
    });
    expect(error.usage.outputTokens).toBeGreaterThan(0);
    // No failover once the answer had started.
    expect(fakes.groq.requests).toHaveLength(0);
    // chat() has no stream to end: it throws, after the same accounting.
    fakes.openai.answerNext({ kind: 'cut', afterChunks: 2 });
    const thrown = await llm.router
      .chat(ask('cut late again'), { ...context(), chain: ['openai:late-cut-model'] })
      .catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(LlmRouterException);
    expect(thrown).toMatchObject({ code: LlmRouterErrorCode.StreamInterrupted, httpStatus: 502 });

    await llm.router.flushUsage();
    const usage = await getJson(`${llm.app.url}/api/v1/usage`, bearer(user.accessToken));
    const row = usage.body.rows.find((r: { model: string }) => r.model === 'late-cut-model');
    expect(row).toMatchObject({ provider: 'openai', calls: 2, failedCalls: 2, estimatedCalls: 2 });
  });

  it('throws before streaming anything when every provider fails, naming each failure', async () => {
    fakes.groq.answerAlways({ kind: 'status', status: 500 });
    const err = await llm.router
      .chat(ask('doomed'), { ...context(), chain: ['groq:doomed-model'] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LlmRouterException);
    expect(err).toMatchObject({ code: LlmRouterErrorCode.ProvidersFailed, httpStatus: 502 });
    expect((err as Error).message).toMatch(/groq\/doomed-model: server_error/);
    const unknown = await llm.router
      .chat(ask('bad chain'), { ...context(), chain: ['mistral'] })
      .catch((e: unknown) => e);
    expect(unknown).toMatchObject({ code: LlmRouterErrorCode.InvalidChain, httpStatus: 400 });
  });
});
