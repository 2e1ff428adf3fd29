import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuthErrorCode, AuthException } from '@docqa/auth';
import { LlmRouterErrorCode, LlmRouterException, type ChatRequest } from '@docqa/llm-router';
import { bearer, createTeam, postJson, registerAccount, uniqueEmail, type Account } from '../support/accounts';
import { FakeOpenAiChatServer } from '../support/fake-llm-servers';
import { readJson } from '../support/http-app';
import { databaseModes } from '../support/test-env';
import {
  FAST_LLM_ENV,
  getJson,
  PLATFORM_KEYS,
  providerEnv,
  startFakes,
  startLlmApp,
  type Fakes,
  type LlmTestApp,
} from './llm-test-app';

const ask = (question: string): ChatRequest => ({ messages: [{ role: 'user', content: question }] });
const WORKSPACE_KEY = 'sk-workspace-own-openai-key-123456';

/**
 * Whose key serves a call, what every call costs and where it is stored, the usage report, the workspace's
 * LLM rate limit, monthly budgets with their warning and hard stop, and the workspace's own chain: through
 * the real API over HTTP and the router, on the real database.
 */
describe.each(databaseModes())('LLM keys, usage, limits and budgets (%s database)', (mode) => {
  let fakes: Fakes;
  let byok: FakeOpenAiChatServer;
  let llm: LlmTestApp;
  let admin: Account;
  let owner: Account;
  let editor: Account;
  let outsider: Account;
  let team: string;
  const url = (path: string) => `${llm.app.url}/api/v1${path}`;
  const inTeam = (who: Account) => bearer(who.accessToken, { 'x-workspace-id': team });
  const teamContext = (who: Account, chain?: string[]) => ({ workspaceId: team, userId: who.userId, chain });

  beforeAll(async () => {
    fakes = await startFakes();
    byok = await new FakeOpenAiChatServer('openai', { apiKey: WORKSPACE_KEY }).start();
    llm = await startLlmApp(mode, {
      ...providerEnv(fakes),
      ...FAST_LLM_ENV,
      // Dear enough that a few calls spend a budget of a few dollars.
      LLM_PRICES: 'openai:pricey-model=100000/100000',
    });
    admin = await registerAccount(llm.app.url, uniqueEmail('admin'));
    owner = await registerAccount(llm.app.url, uniqueEmail('owner'));
    editor = await registerAccount(llm.app.url, uniqueEmail('editor'));
    outsider = await registerAccount(llm.app.url, uniqueEmail('outsider'));
    team = await createTeam(llm.app.url, owner, [[editor, 'editor']]);
  });
  afterEach(() => {
    fakes.reset();
    byok.reset();
  });
  afterAll(async () => {
    await llm?.close();
    await byok?.close();
    await fakes?.close();
  });

  it("serves a workspace with its own key before the platform's, and records which one served", async () => {
    const set = await postJson(
      url('/provider-keys/openai'),
      { apiKey: WORKSPACE_KEY, baseUrl: byok.baseUrl },
      bearer(outsider.accessToken),
      'PUT',
    );
    expect(set.status).toBe(200);
    const own = await llm.router.chat(ask('whose key?'), {
      workspaceId: outsider.personalWorkspaceId,
      userId: outsider.userId,
      chain: ['openai:byok-model'],
    });
    expect(own.keySource).toBe('workspace');
    expect(byok.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${WORKSPACE_KEY}`]);
    expect(fakes.openai.requests).toHaveLength(0);

    const platform = await llm.router.chat(ask('whose key?'), teamContext(owner, ['openai:byok-model']));
    expect(platform.keySource).toBe('platform');
    expect(fakes.openai.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${PLATFORM_KEYS.openai}`]);

    await llm.router.flushUsage();
    const rows = await llm.app.app
      .get(DataSource)
      .query(`SELECT workspace_id, key_source FROM llm_usage WHERE model = 'byok-model' ORDER BY created_at`);
    expect(rows).toEqual([
      { workspace_id: outsider.personalWorkspaceId, key_source: 'workspace' },
      { workspace_id: team, key_source: 'platform' },
    ]);
  });

  it("serves Gemini with the workspace's own key too", async () => {
    const geminiKey = 'AIza-workspace-own-gemini-key-0000';
    const own = await new FakeOpenAiChatServer('openai', { apiKey: geminiKey }).start();
    try {
      const set = await postJson(
        url('/provider-keys/gemini'),
        { apiKey: geminiKey, baseUrl: own.baseUrl },
        bearer(outsider.accessToken),
        'PUT',
      );
      expect(set.status).toBe(200);
      const answer = await llm.router.chat(ask('whose key?'), {
        workspaceId: outsider.personalWorkspaceId,
        userId: outsider.userId,
        chain: ['gemini'],
      });
      expect([answer.provider, answer.keySource]).toEqual(['gemini', 'workspace']);
      expect(own.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${geminiKey}`]);
      expect(fakes.gemini.requests).toHaveLength(0);
    } finally {
      await own.close();
    }
  });

  it('never bills the platform for a workspace whose own key cannot be opened: that step fails over', async () => {
    const set = await postJson(
      url('/provider-keys/anthropic'),
      { apiKey: 'sk-ant-own-key-000000' },
      inTeam(owner),
      'PUT',
    );
    expect(set.status).toBe(200);
    await llm.app.app
      .get(DataSource)
      .query(`UPDATE provider_keys SET sealed_key = 'v1.damaged' WHERE workspace_id = $1 AND provider = 'anthropic'`, [
        team,
      ]);
    const result = await llm.router.chat(
      ask('damaged key'),
      teamContext(owner, ['anthropic:damaged-model', 'offline']),
    );
    expect(result.provider).toBe('offline');
    expect(result.attempts[0]).toMatchObject({ provider: 'anthropic', outcome: 'key_unusable' });
    expect(result.attempts[0].message).toMatch(/cannot be used/);
    expect(fakes.anthropic.requests).toHaveLength(0);
  });

  it('stores every call with workspace, user, API key, provider, model, tokens, cost, latency and outcome', async () => {
    const created = await postJson(url('/api-keys'), { name: 'agent', scopes: ['read', 'write'] }, inTeam(owner));
    expect(created.status).toBe(201);
    const apiKey = await readJson(created);
    const result = await llm.router.chat(ask('count me'), {
      ...teamContext(owner, ['groq:stored-model']),
      apiKeyId: apiKey.id,
      requestId: 'req-stored-1',
    });
    await llm.router.flushUsage();
    const [row] = await llm.app.app.get(DataSource).query(`SELECT * FROM llm_usage WHERE request_id = 'req-stored-1'`);
    expect(row).toMatchObject({
      workspace_id: team,
      user_id: owner.userId,
      api_key_id: apiKey.id,
      provider: 'groq',
      model: 'stored-model',
      key_source: 'platform',
      outcome: 'ok',
      error_code: null,
      input_tokens: result.usage.inputTokens,
      output_tokens: result.usage.outputTokens,
      tokens_estimated: false,
      attempts: 1,
    });
    expect(row.latency_ms).toBeGreaterThanOrEqual(row.time_to_first_token_ms);
  });

  it('reports usage by day, provider and model to members of the workspace only', async () => {
    const calls = [
      await llm.router.chat(ask('first report call'), teamContext(owner, ['openai:report-model'])),
      await llm.router.chat(ask('second report call'), teamContext(editor, ['openai:report-model'])),
      await llm.router.chat(ask('third report call'), teamContext(editor, ['cohere:report-model'])),
    ];
    const report = await getJson(url('/usage'), inTeam(editor));
    expect(report.status).toBe(200);
    const today = new Date().toISOString().slice(0, 10);
    expect(report.body).toMatchObject({ workspaceId: team, to: today });
    const openai = report.body.rows.find(
      (r: { model: string; provider: string }) => r.model === 'report-model' && r.provider === 'openai',
    );
    expect(openai).toEqual({
      day: today,
      provider: 'openai',
      model: 'report-model',
      keySource: 'platform',
      calls: 2,
      failedCalls: 0,
      inputTokens: calls[0].usage.inputTokens + calls[1].usage.inputTokens,
      outputTokens: calls[0].usage.outputTokens + calls[1].usage.outputTokens,
      estimatedCalls: 0,
      costUsd: 0,
    });
    expect(report.body.rows.find((r: { provider: string; model: string }) => r.provider === 'cohere')).toMatchObject({
      model: 'report-model',
      calls: 1,
    });
    expect(report.body.totals.calls).toBe(report.body.rows.reduce((n: number, r: { calls: number }) => n + r.calls, 0));
    // Another workspace sees only its own.
    const theirs = await getJson(url('/usage'), bearer(outsider.accessToken));
    expect(theirs.body.rows.some((r: { model: string }) => r.model === 'report-model')).toBe(false);
    const notMember = await getJson(url('/usage'), bearer(outsider.accessToken, { 'x-workspace-id': team }));
    expect(notMember.status).toBe(404);
    for (const query of [
      '?from=2026-02-30',
      '?from=2026-05-02&to=2026-05-01',
      '?from=2020-01-01&to=2026-01-01',
      '?from=yesterday',
    ]) {
      const bad = await getJson(url(`/usage${query}`), inTeam(owner));
      expect({ query, status: bad.status }).toEqual({ query, status: 400 });
    }
    const empty = await getJson(url('/usage?from=2020-01-01&to=2020-01-31'), inTeam(owner));
    expect(empty.body).toMatchObject({ from: '2020-01-01', to: '2020-01-31', rows: [], totals: { calls: 0 } });
  });

  it("applies the workspace's LLM rate limit to every call, before any provider is called", async () => {
    const ws = (await readJson(await postJson(url('/workspaces'), { name: 'Limited' }, bearer(owner.accessToken)))).id;
    const limit = await postJson(
      url(`/admin/workspaces/${ws}/llm-rate-limit`),
      { callsPerMinute: 2 },
      bearer(admin.accessToken),
      'PUT',
    );
    expect(limit.status).toBe(200);
    const context = { workspaceId: ws, userId: owner.userId, chain: ['groq:limited-model'] };
    await llm.router.chat(ask('one'), context);
    await llm.router.chat(ask('two'), context);
    const refused = await llm.router.chat(ask('three'), context).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AuthException);
    expect(refused).toMatchObject({ code: AuthErrorCode.LlmRateLimited, httpStatus: 429 });
    expect((refused as AuthException).headers['Retry-After']).toMatch(/^\d+$/);
    expect(fakes.groq.requests).toHaveLength(2);
  });

  it('lets only platform admins set budgets, validates them, and audits each change', async () => {
    const put = (id: string, body: unknown, who: Account) =>
      postJson(url(`/admin/workspaces/${id}/llm-budget`), body, bearer(who.accessToken), 'PUT');
    expect((await put(team, { monthlyUsd: 5 }, owner)).status).toBe(403);
    expect((await put(randomUUID(), { monthlyUsd: 5 }, admin)).status).toBe(404);
    for (const body of [{}, { monthlyUsd: -1 }, { monthlyUsd: 1.234 }, { monthlyUsd: '5' }, { monthlyUsd: 5, x: 1 }]) {
      expect({ body, status: (await put(team, body, admin)).status }).toEqual({ body, status: 400 });
    }
    const set = await put(team, { monthlyUsd: 1000 }, admin);
    expect(set.status).toBe(200);
    expect(await readJson(set)).toMatchObject({ workspaceId: team, budget: { monthlyUsd: 1000, state: 'ok' } });
    expect((await put(team, { monthlyUsd: null }, admin)).status).toBe(200);
    const audit = await getJson(
      url(`/admin/audit-events?type=workspace_limit_changed&workspaceId=${team}`),
      bearer(admin.accessToken),
    );
    expect(audit.body.items.map((e: { details: unknown }) => e.details)).toEqual([
      { limit: 'llm_monthly_budget_usd', from: 1000, to: null },
      { limit: 'llm_monthly_budget_usd', from: null, to: 1000 },
    ]);
  });

  it('warns past the warning share of a monthly budget and refuses calls once it is spent, with a clear error', async () => {
    const ws = (await readJson(await postJson(url('/workspaces'), { name: 'Budgeted' }, bearer(owner.accessToken)))).id;
    const context = { workspaceId: ws, userId: owner.userId, chain: ['openai:pricey-model'] };
    const first = await llm.router.chat(ask('an expensive question'), context);
    expect(first.budget.state).toBe('none');
    expect(first.costUsd).toBeGreaterThan(0.5);
    // A budget the first call has used 90% of (rounded up to the cent).
    const monthlyUsd = Math.ceil((first.costUsd / 0.9) * 100) / 100;
    const set = await postJson(
      url(`/admin/workspaces/${ws}/llm-budget`),
      { monthlyUsd },
      bearer(admin.accessToken),
      'PUT',
    );
    expect(await readJson(set)).toMatchObject({ budget: { monthlyUsd, state: 'warning' } });

    const second = await llm.router.chat(ask('an expensive question'), context);
    expect(second.budget).toMatchObject({ monthlyUsd, state: 'warning' });
    const stopped = await llm.router.chat(ask('one more'), context).catch((e: unknown) => e);
    expect(stopped).toBeInstanceOf(LlmRouterException);
    expect(stopped).toMatchObject({ code: LlmRouterErrorCode.BudgetExceeded, httpStatus: 402 });
    expect((stopped as Error).message).toMatch(
      new RegExp(
        `used \\$\\d+\\.\\d\\d of its monthly LLM budget of \\$${monthlyUsd.toFixed(2)}: LLM calls resume on \\d{4}-\\d{2}-01 \\(UTC\\)`,
      ),
    );
    expect(fakes.openai.requests).toHaveLength(2);
    const usage = await getJson(url('/usage'), bearer(owner.accessToken, { 'x-workspace-id': ws }));
    expect(usage.body.budget).toMatchObject({ monthlyUsd, state: 'exceeded' });
    expect(usage.body.budget.spentUsd).toBeCloseTo(first.costUsd + second.costUsd, 6);
    expect(usage.body.totals.costUsd).toBeCloseTo(first.costUsd + second.costUsd, 6);

    // Raising the budget lets calls through again at once.
    await postJson(url(`/admin/workspaces/${ws}/llm-budget`), { monthlyUsd: 1000 }, bearer(admin.accessToken), 'PUT');
    expect((await llm.router.chat(ask('again'), context)).budget.state).toBe('ok');
  });

  it("follows the workspace's own chain, which only its owners set", async () => {
    const put = (who: Account, chain: unknown) => postJson(url('/llm/chain'), { chain }, inTeam(who), 'PUT');
    expect((await put(editor, ['anthropic'])).status).toBe(403);
    const bad = await put(owner, ['anthropic', 'mistral:large']);
    expect(bad.status).toBe(400);
    expect((await readJson(bad)).message).toMatch(/chain entry "mistral:large" is not valid/);
    expect((await put(owner, [])).status).toBe(400);
    const set = await put(owner, ['groq:chain-model', 'offline']);
    expect(set.status).toBe(200);
    expect(await readJson(set)).toEqual({
      chain: ['groq:chain-model', 'offline'],
      effectiveChain: ['groq:chain-model', 'offline:extractive'],
      source: 'workspace',
    });
    expect((await llm.router.chat(ask('which chain?'), teamContext(editor))).provider).toBe('groq');
    // A request's own chain still comes first.
    expect((await llm.router.chat(ask('which chain?'), teamContext(editor, ['cohere']))).provider).toBe('cohere');
    const read = await getJson(url('/llm/chain'), inTeam(editor));
    expect(read.body.source).toBe('workspace');
    expect((await put(owner, null)).status).toBe(200);
    expect((await getJson(url('/llm/chain'), inTeam(editor))).body).toMatchObject({ chain: null, source: 'default' });
  });
});
