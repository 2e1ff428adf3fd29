import { databaseFor, databaseModes, testConfig } from '../support/test-env';
import { readJson, RunningApp, startApi } from '../support/http-app';
import { Account, bearer, FAST_AUTH_ENV, postJson, registerAccount, uniqueEmail } from '../support/accounts';

const TEXT =
  'Contact Maria Lopez at maria.lopez@example.com or +1 415 555 2671. Card 4111 1111 1111 1111, ' +
  'not 4111 1111 1111 1112. IBAN DE89 3704 0044 0532 0130 00. SSN 536-22-1234, not 666-22-1234. Server 10.0.0.7.';

describe.each(databaseModes())('PII analyze and anonymize over HTTP (%s database)', (mode) => {
  let app: RunningApp;
  let cleanup: () => Promise<void>;
  let user: Account;
  const url = (path: string) => `${app.url}/api/v1${path}`;
  const analyze = (body: unknown, headers: Record<string, string> = bearer(user.accessToken)) =>
    postJson(url('/safety/pii/analyze'), body, headers);
  const anonymize = (body: unknown, headers: Record<string, string> = bearer(user.accessToken)) =>
    postJson(url('/safety/pii/anonymize'), body, headers);

  beforeAll(async () => {
    const db = await databaseFor(mode);
    cleanup = db.cleanup;
    app = await startApi(testConfig({ ...db.env, ...FAST_AUTH_ENV, METRICS_TOKEN: 'metrics-token-for-tests' }));
    await registerAccount(app.url, uniqueEmail('admin'));
    user = await registerAccount(app.url, uniqueEmail('user'));
  });
  afterAll(async () => {
    await app?.close();
    await cleanup?.();
  });

  it('analyze finds each entity with its offsets, score and recognizer, and leaves checksum failures out', async () => {
    const res = await analyze({ text: TEXT });
    expect(res.status).toBe(200);
    const { findings } = await readJson(res);
    const found = findings.map((f: { entityType: string; start: number; end: number }) => [
      f.entityType,
      TEXT.slice(f.start, f.end),
    ]);
    expect(found).toEqual([
      ['PERSON', 'Maria Lopez'],
      ['EMAIL_ADDRESS', 'maria.lopez@example.com'],
      ['PHONE_NUMBER', '+1 415 555 2671'],
      ['CREDIT_CARD', '4111 1111 1111 1111'],
      ['IBAN_CODE', 'DE89 3704 0044 0532 0130 00'],
      ['US_SSN', '536-22-1234'],
      ['IP_ADDRESS', '10.0.0.7'],
    ]);
    expect(findings[0]).toEqual({
      entityType: 'PERSON',
      start: 8,
      end: 19,
      score: expect.any(Number),
      recognizer: 'person-heuristic',
    });
    expect(findings[1]).toMatchObject({ score: 1, recognizer: 'email' });
  });

  it('analyze takes entity types, minimum score and phone regions from the request over the policy', async () => {
    const only = await readJson(await analyze({ text: TEXT, entities: ['IBAN_CODE', 'US_SSN'] }));
    expect(only.findings.map((f: { entityType: string }) => f.entityType)).toEqual(['IBAN_CODE', 'US_SSN']);
    const strict = await readJson(await analyze({ text: TEXT, minScore: 0.99 }));
    expect(strict.findings.map((f: { entityType: string }) => f.entityType)).toEqual([
      'EMAIL_ADDRESS',
      'CREDIT_CARD',
      'IBAN_CODE',
    ]);
    const german = await readJson(await analyze({ text: 'Tel. 030 12345678', phoneRegions: ['DE'] }));
    expect(german.findings).toMatchObject([{ entityType: 'PHONE_NUMBER', start: 5, end: 17 }]);
  });

  it('anonymize writes typed placeholders by default, and other operators when asked', async () => {
    const text = 'Mail ada@example.com, card 4111 1111 1111 1111, mail ada@example.com again.';
    const placeholders = await readJson(await anonymize({ text }));
    expect(placeholders.text).toBe('Mail <EMAIL_ADDRESS>, card <CREDIT_CARD>, mail <EMAIL_ADDRESS> again.');
    expect(placeholders.items).toEqual([
      { entityType: 'EMAIL_ADDRESS', start: 5, end: 20, operator: 'placeholder' },
      { entityType: 'CREDIT_CARD', start: 27, end: 40, operator: 'placeholder' },
      { entityType: 'EMAIL_ADDRESS', start: 47, end: 62, operator: 'placeholder' },
    ]);
    expect(placeholders.tokens).toBeUndefined();

    const mixed = await readJson(await anonymize({ text, operator: 'tokenize', operators: { CREDIT_CARD: 'mask' } }));
    expect(mixed.text).toBe('Mail <EMAIL_ADDRESS_1>, card *******************, mail <EMAIL_ADDRESS_1> again.');
    expect(mixed.tokens).toEqual({ '<EMAIL_ADDRESS_1>': 'ada@example.com' });

    const hashed = await readJson(await anonymize({ text, operator: 'hash' }));
    const [a, b] = hashed.text.match(/<EMAIL_ADDRESS:[0-9a-f]{16}>/g);
    expect(a).toBe(b);
    expect(hashed.text).not.toContain('ada@');
  });

  it('refuses malformed requests with 400 and anonymous ones with 401', async () => {
    for (const body of [
      {},
      { text: 42 },
      { text: 'x', entities: ['NOT_A_TYPE'] },
      { text: 'x', minScore: 1.5 },
      { text: 'x', phoneRegions: ['XX'] },
      { text: 'x', extra: true },
      { text: 'x', operator: 'encrypt' },
      { text: 'x', operators: { CREDIT_CARD: 'shred' } },
      { text: 'x', operators: { NOT_A_TYPE: 'mask' } },
    ]) {
      const res = await (Object.keys(body).some((k) => k.startsWith('operator')) ? anonymize(body) : analyze(body));
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
    }
    expect((await analyze({ text: 'x' }, {})).status).toBe(401);
  });

  it('is open to read-only API keys (it changes nothing)', async () => {
    const created = await readJson(
      await postJson(url('/api-keys'), { name: 'reader', scopes: ['read'] }, bearer(user.accessToken)),
    );
    const res = await analyze({ text: 'ada@example.com' }, { 'x-api-key': created.key });
    expect(res.status).toBe(200);
    expect((await readJson(res)).findings).toHaveLength(1);
  });

  it('counts findings in the metrics, by entity type and target', async () => {
    await analyze({ text: 'card 4111 1111 1111 1111' });
    const metrics = await (
      await fetch(`${app.url}/metrics`, { headers: { authorization: 'Bearer metrics-token-for-tests' } })
    ).text();
    expect(metrics).toMatch(/safety_pii_entities_total\{entity="CREDIT_CARD",target="api"\} [1-9]/);
  });
});
