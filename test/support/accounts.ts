import { readJson } from './http-app';

/** Settings that keep auth tests fast and free of throttling unless a test asks for it. */
export const FAST_AUTH_ENV: Record<string, string> = {
  ARGON2_MEMORY_KIB: '1024',
  AUTH_THROTTLE_LIMIT: '10000',
  LOGIN_BACKOFF_THRESHOLD: '1000',
  LOGIN_BACKOFF_IP_THRESHOLD: '1000',
};

/**
 * An API for tests that ingest and ask: fast auth, the offline embedder (no model files), and request limits
 * out of the way of a test's many calls.
 */
export const OFFLINE_APP_ENV: Record<string, string> = {
  ...FAST_AUTH_ENV,
  EMBEDDING_PROVIDER: 'offline',
  THROTTLE_LIMIT: '100000',
  PRINCIPAL_THROTTLE_LIMIT: '100000',
};

export const PASSWORD = 'correct horse battery staple 42';

export interface Account {
  email: string;
  accessToken: string;
  refreshToken: string;
  userId: string;
  personalWorkspaceId: string;
  platformRole: string;
}

export function bearer(token: string, extra: Record<string, string> = {}): Record<string, string> {
  return { authorization: `Bearer ${token}`, ...extra };
}

export async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
  method = 'POST',
): Promise<Response> {
  return fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

let counter = 0;
export function uniqueEmail(prefix = 'user'): string {
  counter += 1;
  return `${prefix}.${Date.now().toString(36)}.${counter}@example.test`;
}

/** Registers an account over HTTP and returns its tokens; fails the test on any other answer than 201. */
export async function registerAccount(baseUrl: string, email = uniqueEmail(), password = PASSWORD): Promise<Account> {
  const res = await postJson(`${baseUrl}/api/v1/auth/register`, { email, password });
  const body = await readJson(res);
  if (res.status !== 201) throw new Error(`register ${email}: ${res.status} ${JSON.stringify(body)}`);
  return {
    email,
    accessToken: body.accessToken,
    refreshToken: body.refreshToken,
    userId: body.user.id,
    personalWorkspaceId: body.user.personalWorkspaceId,
    platformRole: body.user.platformRole,
  };
}

/** Creates a workspace owned by `owner` and adds each member with its role; returns the workspace id. */
export async function createTeam(
  baseUrl: string,
  owner: Account,
  members: ReadonlyArray<readonly [Account, 'owner' | 'editor' | 'viewer']>,
  name = 'Team',
): Promise<string> {
  const created = await postJson(`${baseUrl}/api/v1/workspaces`, { name }, bearer(owner.accessToken));
  const body = await readJson(created);
  if (created.status !== 201) throw new Error(`create workspace: ${created.status} ${JSON.stringify(body)}`);
  for (const [member, role] of members) {
    const res = await postJson(
      `${baseUrl}/api/v1/workspaces/${body.id}/members`,
      { email: member.email, role },
      bearer(owner.accessToken),
    );
    if (res.status !== 201) throw new Error(`add ${member.email} as ${role}: ${res.status} ${await res.text()}`);
  }
  return body.id;
}
