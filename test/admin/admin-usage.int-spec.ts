import { DataSource } from 'typeorm';
import { LlmUsageEntity } from '@docqa/llm-router';
import { createTeam, FAST_AUTH_ENV, registerAccount, uniqueEmail, type Account } from '../support/accounts';
import { RunningApp, startApi } from '../support/http-app';
import { databaseFor, databaseModes, testConfig } from '../support/test-env';
import { ApiCaller, Json } from './admin-client';

describe.each(databaseModes())('admin API: usage and cost reports (%s database)', (mode) => {
  let app: RunningApp;
  let cleanup: () => Promise<void>;
  let admin: Account;
  let ops: ApiCaller;
  let teamId: string;
  let personalId: string;

  const row = (
    at: string,
    workspaceId: string,
    provider: string,
    model: string,
    extra: Partial<LlmUsageEntity> = {},
  ) => ({
    createdAt: new Date(at),
    workspaceId,
    userId: admin.userId,
    apiKeyId: null,
    provider,
    model,
    keySource: 'platform',
    outcome: 'ok' as const,
    errorCode: null,
    inputTokens: 1000,
    outputTokens: 200,
    tokensEstimated: false,
    costUsd: 0.00027,
    priced: true,
    latencyMs: 800,
    timeToFirstTokenMs: 200,
    attempts: 1,
    requestId: null,
    ...extra,
  });

  beforeAll(async () => {
    const db = await databaseFor(mode);
    cleanup = db.cleanup;
    app = await startApi(testConfig({ ...db.env, ...FAST_AUTH_ENV }));
    admin = await registerAccount(app.url, uniqueEmail('admin'));
    ops = new ApiCaller(app.url, admin);
    teamId = await createTeam(app.url, admin, [], '=Sales, "EMEA"');
    personalId = admin.personalWorkspaceId;
    await app.app
      .get(DataSource)
      .getRepository(LlmUsageEntity)
      .insert([
        row('2025-03-01T10:00:00Z', teamId, 'openai', 'gpt-4o-mini'),
        row('2025-03-01T23:59:59Z', teamId, 'openai', 'gpt-4o-mini', { inputTokens: 500, costUsd: 0.0001 }),
        row('2025-03-02T08:00:00Z', teamId, 'groq', 'llama-3.1-8b-instant', {
          outcome: 'failed',
          errorCode: 'LLM_PROVIDERS_FAILED',
          inputTokens: 0,
          outputTokens: 0,
          costUsd: 0,
        }),
        row('2025-03-02T09:00:00Z', personalId, 'openai', 'gpt-4o-mini', { tokensEstimated: true }),
        // Outside the range: the day after it ends, and the day before it starts.
        row('2025-04-01T00:00:00Z', teamId, 'openai', 'gpt-4o-mini'),
        row('2025-02-28T23:59:59Z', teamId, 'openai', 'gpt-4o-mini'),
      ]);
  });
  afterAll(async () => {
    await app?.close();
    await cleanup?.();
  });

  const RANGE = 'from=2025-03-01&to=2025-03-31';

  it('reports usage and cost by day, workspace, provider and model over a date range', async () => {
    const res = await ops.get(`/admin/usage?${RANGE}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      from: '2025-03-01',
      to: '2025-03-31',
      groupBy: ['day', 'workspace', 'provider', 'model'],
    });
    expect(res.body.rows).toHaveLength(3);
    expect(res.body.rows).toEqual(
      expect.arrayContaining([
        {
          day: '2025-03-01',
          workspaceId: teamId,
          workspaceName: '=Sales, "EMEA"',
          provider: 'openai',
          model: 'gpt-4o-mini',
          calls: 2,
          failedCalls: 0,
          inputTokens: 1500,
          outputTokens: 400,
          estimatedCalls: 0,
          costUsd: 0.00037,
        },
        expect.objectContaining({ day: '2025-03-02', workspaceId: personalId, provider: 'openai', estimatedCalls: 1 }),
        expect.objectContaining({ day: '2025-03-02', workspaceId: teamId, provider: 'groq', calls: 1, failedCalls: 1 }),
      ]),
    );
    expect(res.body.rows[0].day).toBe('2025-03-01');
    expect(res.body.totals).toEqual({
      calls: 4,
      failedCalls: 1,
      inputTokens: 2500,
      outputTokens: 600,
      estimatedCalls: 1,
      costUsd: 0.00064,
    });
  });

  it('groups by the dimensions asked for and filters by workspace, provider and model', async () => {
    const byProvider = await ops.get(`/admin/usage?${RANGE}&groupBy=provider`);
    expect(byProvider.body.rows.map((r: Json) => [r.provider, r.calls, r.day])).toEqual([
      ['groq', 1, undefined],
      ['openai', 3, undefined],
    ]);
    const team = await ops.get(`/admin/usage?${RANGE}&groupBy=workspace&workspaceId=${teamId}&provider=openai`);
    expect(team.body.rows).toEqual([expect.objectContaining({ workspaceId: teamId, calls: 2 })]);
    const none = await ops.get(`/admin/usage?${RANGE}&groupBy=day&model=no-such-model`);
    expect(none.body).toMatchObject({ rows: [], totals: { calls: 0, costUsd: 0 } });
  });

  it('exports CSV with ?format=csv and with Accept: text/csv', async () => {
    const lines = (csv: string) => {
      expect(csv.endsWith('\r\n')).toBe(true);
      const [header, ...rows] = csv.slice(0, -2).split('\r\n');
      return [header, ...rows.sort()];
    };
    const expected =
      'day,workspaceId,workspaceName,provider,model,calls,failedCalls,inputTokens,outputTokens,estimatedCalls,costUsd\r\n' +
      `2025-03-01,${teamId},"'=Sales, ""EMEA""",openai,gpt-4o-mini,2,0,1500,400,0,0.00037\r\n` +
      `2025-03-02,${personalId},${JSON.stringify(`${admin.email}'s workspace`).slice(1, -1)},openai,gpt-4o-mini,1,0,1000,200,1,0.00027\r\n` +
      `2025-03-02,${teamId},"'=Sales, ""EMEA""",groq,llama-3.1-8b-instant,1,1,0,0,0,0\r\n`;
    const byQuery = await ops.get(`/admin/usage?${RANGE}&format=csv`);
    expect(byQuery.status).toBe(200);
    expect(byQuery.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(byQuery.headers.get('content-disposition')).toBe(
      'attachment; filename="llm-usage-2025-03-01-2025-03-31.csv"',
    );
    expect(lines(byQuery.text)).toEqual(lines(expected));

    const byAccept = await ops.get(`/admin/usage?${RANGE}`, { accept: 'text/csv' });
    expect(byAccept.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(lines(byAccept.text)).toEqual(lines(expected));

    const grouped = await ops.get(`/admin/usage?${RANGE}&groupBy=provider&format=csv`);
    expect(grouped.text).toBe(
      'provider,calls,failedCalls,inputTokens,outputTokens,estimatedCalls,costUsd\r\n' +
        'groq,1,1,0,0,0,0\r\nopenai,3,0,2500,600,1,0.00064\r\n',
    );
  });

  it('answers 400 for a bad range or breakdown', async () => {
    expect((await ops.get('/admin/usage?from=2025-03-10&to=2025-03-01')).status).toBe(400);
    expect((await ops.get('/admin/usage?from=2023-01-01&to=2025-01-01')).status).toBe(400);
    expect((await ops.get('/admin/usage?from=2025-02-30')).status).toBe(400);
    expect((await ops.get(`/admin/usage?${RANGE}&groupBy=day,planet`)).status).toBe(400);
    expect((await ops.get(`/admin/usage?${RANGE}&format=xml`)).status).toBe(400);
  });
});
