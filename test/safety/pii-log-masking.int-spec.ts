import { Logger } from '@nestjs/common';
import { databaseFor, testConfig } from '../support/test-env';
import { RunningApp, startApi } from '../support/http-app';
import { Account, bearer, FAST_AUTH_ENV, postJson, registerAccount, uniqueEmail } from '../support/accounts';

/**
 * Log masking is a property of the process's logger, not of the database mode (and the logger is one per
 * process, so one app per file): it runs on the embedded database only.
 */
describe('PII in the logs (PII_LOG_MASKING on, the default)', () => {
  let app: RunningApp;
  let cleanup: () => Promise<void>;
  let user: Account;
  const url = (path: string) => `${app.url}/api/v1${path}`;
  const settle = () => new Promise((r) => setTimeout(r, 50));

  beforeAll(async () => {
    const db = await databaseFor('embedded');
    cleanup = db.cleanup;
    app = await startApi(testConfig({ ...db.env, ...FAST_AUTH_ENV, LOG_LEVEL: 'info' }));
    user = await registerAccount(app.url, uniqueEmail('user'));
  });
  afterAll(async () => {
    await app?.close();
    await cleanup?.();
  });

  it("masks personal data in the query string of the request log's URL", async () => {
    await fetch(url('/safety/pii/analyze?email=ada.secret%40example.com&card=4111111111111111&page=2'), {
      headers: bearer(user.accessToken),
    });
    await settle();
    const line = app.logs.find((l) => (l.req as { url?: string } | undefined)?.url?.includes('email='));
    expect((line?.req as { url: string }).url).toBe(
      '/api/v1/safety/pii/analyze?email=<EMAIL_ADDRESS>&card=<CREDIT_CARD>&page=2',
    );
    expect(JSON.stringify(app.logs)).not.toContain('ada.secret');
  });

  it("masks free-text fields of any line, following the workspace's policy when the line names it", async () => {
    const logger = new Logger('SafetyTest');
    const question = 'Why was ada.secret@example.com charged on 4111 1111 1111 1111?';
    logger.log({ question }, 'no workspace');
    logger.log({ workspaceId: user.personalWorkspaceId, question }, 'default policy');
    // The owner narrows the policy to cards; this process knows it at once.
    const narrowed = await postJson(
      url('/safety/policy'),
      { entities: ['CREDIT_CARD'] },
      bearer(user.accessToken),
      'PUT',
    );
    expect(narrowed.status).toBe(200);
    logger.log({ workspaceId: user.personalWorkspaceId, question }, 'cards only');
    // Then turns log masking off for the workspace.
    await postJson(url('/safety/policy'), { logs: { enabled: false } }, bearer(user.accessToken), 'PUT');
    logger.log({ workspaceId: user.personalWorkspaceId, question }, 'logs off');
    await settle();
    const byMsg = (msg: string) => app.logs.find((l) => l.msg === msg)?.question;
    expect(byMsg('no workspace')).toBe('Why was <EMAIL_ADDRESS> charged on <CREDIT_CARD>?');
    expect(byMsg('default policy')).toBe('Why was <EMAIL_ADDRESS> charged on <CREDIT_CARD>?');
    expect(byMsg('cards only')).toBe('Why was ada.secret@example.com charged on <CREDIT_CARD>?');
    expect(byMsg('logs off')).toBe(question);
  });

  it('leaves other fields and lines untouched', async () => {
    new Logger('SafetyTest').log({ userId: 'ada.secret@example.com', count: 3 }, 'ids are not free text');
    await settle();
    expect(app.logs.find((l) => l.msg === 'ids are not free text')).toMatchObject({
      userId: 'ada.secret@example.com',
      count: 3,
    });
  });
});
