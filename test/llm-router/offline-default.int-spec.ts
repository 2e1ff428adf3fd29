import { NO_ANSWER_IN_CONTEXT } from '@docqa/llm-router';
import { bearer, registerAccount, uniqueEmail, type Account } from '../support/accounts';
import { databaseModes } from '../support/test-env';
import { collect, getJson, startLlmApp, textOf, type LlmTestApp } from './llm-test-app';

/**
 * With no LLM configured at all, as on a fresh machine without network, the router answers with the built-in
 * offline answerer, reports it like any provider (readiness, metrics, usage) and costs nothing.
 */
describe.each(databaseModes())('LLM router with nothing configured (%s database)', (mode) => {
  let llm: LlmTestApp;
  let user: Account;

  beforeAll(async () => {
    llm = await startLlmApp(mode, {});
    user = await registerAccount(llm.app.url, uniqueEmail('offline'));
  });
  afterAll(async () => {
    await llm?.close();
  });

  it('answers from the given context with the offline answerer, streamed, and says when the context lacks the answer', async () => {
    const context = { workspaceId: user.personalWorkspaceId, userId: user.userId };
    const documents = [
      { id: 'slides-7', text: 'Quarterly revenue grew by 12 percent. Costs stayed flat.' },
      { id: 'slides-8', text: 'Headcount rose to 48 people.' },
    ];
    const events = await collect(
      llm.router.stream({ messages: [{ role: 'user', content: 'How much did revenue grow?' }], documents }, context),
    );
    expect(events[0]).toMatchObject({
      type: 'start',
      provider: 'offline',
      model: 'extractive',
      keySource: 'none',
      attempts: [],
    });
    expect(textOf(events)).toBe('Quarterly revenue grew by 12 percent. [slides-7]');
    expect(events.at(-1)).toMatchObject({
      type: 'done',
      result: { citations: [{ documentId: 'slides-7' }], costUsd: 0, priced: true, usage: { estimated: true } },
    });
    const none = await llm.router.chat(
      { messages: [{ role: 'user', content: 'Who is the CEO?' }], documents },
      context,
    );
    expect(none.text).toBe(NO_ANSWER_IN_CONTEXT);
  });

  it('shows the offline-only chain, no circuits in readiness, and the calls in metrics and usage', async () => {
    const chain = await getJson(`${llm.app.url}/api/v1/llm/chain`, bearer(user.accessToken));
    expect(chain.body).toEqual({
      chain: null,
      source: 'default',
      effectiveChain: expect.arrayContaining(['offline:extractive']),
    });
    const ready = await getJson(`${llm.app.url}/api/v1/ready`, {});
    expect(ready.status).toBe(200);
    expect(ready.body.details.llm).toEqual({ status: 'up', openCircuits: 0, circuits: [] });
    const metrics = await (await fetch(`${llm.app.url}/metrics`)).text();
    expect(metrics).toMatch(/llm_requests_total\{provider="offline",model="extractive",outcome="ok"\} [1-9]/);
    expect(metrics).toMatch(/llm_time_to_first_token_seconds_count\{provider="offline",model="extractive"\} [1-9]/);
    expect(metrics).toMatch(/llm_tokens_total\{provider="offline",model="extractive",direction="output"\} [1-9]/);
    const usage = await getJson(`${llm.app.url}/api/v1/usage`, bearer(user.accessToken));
    expect(usage.body.rows).toEqual([
      expect.objectContaining({
        provider: 'offline',
        model: 'extractive',
        keySource: 'none',
        calls: 2,
        costUsd: 0,
        estimatedCalls: 2,
      }),
    ]);
    expect(usage.body.budget).toEqual({ monthlyUsd: null, spentUsd: 0, state: 'none' });
  });
});
