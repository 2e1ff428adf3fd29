import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ApiKeyPrincipal } from '../api-keys/api-keys.service';
import { AuthErrorCode, AuthException } from '../auth.errors';
import type { TokenIdentity } from '../tokens/access-token.claims';
import type { RequestPrincipal } from './request-principal';
import { scopesForRole, type PlatformRole, type WorkspaceRole } from './roles';
import { isUuid } from './uuid';

interface Row {
  platform_role: PlatformRole;
  disabled: boolean;
  session_revoked: boolean | null;
  workspace_id: string | null;
  role: WorkspaceRole | null;
}

export function workspaceNotFound(): AuthException {
  return new AuthException(AuthErrorCode.WorkspaceNotFound, 'workspace not found');
}

function unauthenticated(message: string): AuthException {
  return new AuthException(AuthErrorCode.Unauthenticated, message, {
    headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
  });
}

/**
 * Turns verified credentials into the request's principal with one query: the user, the session (for
 * bearer tokens) and the membership in the requested workspace, which is X-Workspace-Id or else the
 * user's personal workspace. A workspace the user is not a member of answers 404, exactly as one that
 * does not exist.
 */
@Injectable()
export class PrincipalResolver {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async forToken(identity: TokenIdentity, workspaceHeader: string | undefined): Promise<RequestPrincipal> {
    const workspaceId = this.requestedWorkspace(workspaceHeader);
    const row = await this.load(identity.userId, workspaceId, identity.sessionId);
    if (!row || row.session_revoked !== false) throw unauthenticated('the session of this access token has ended');
    if (row.disabled) throw unauthenticated('this account is disabled');
    if (!row.workspace_id || !row.role) throw workspaceNotFound();
    return {
      userId: identity.userId,
      platformRole: row.platform_role,
      workspaceId: row.workspace_id,
      workspaceRole: row.role,
      sessionId: identity.sessionId,
      scopes: scopesForRole(row.role),
    };
  }

  /** An API key acts only in its own workspace; its scopes are capped by its owner's current role there. */
  async forApiKey(key: ApiKeyPrincipal, workspaceHeader: string | undefined): Promise<RequestPrincipal> {
    const requested = this.requestedWorkspace(workspaceHeader);
    if (requested && requested !== key.workspaceId.toLowerCase()) throw workspaceNotFound();
    const row = await this.load(key.userId, key.workspaceId, null);
    if (row?.disabled) throw unauthenticated("the API key's owner is disabled");
    if (!row || !row.workspace_id || !row.role) {
      throw unauthenticated("the API key's owner is no longer a member of its workspace");
    }
    const allowed = scopesForRole(row.role);
    return {
      userId: key.userId,
      platformRole: row.platform_role,
      workspaceId: row.workspace_id,
      workspaceRole: row.role,
      apiKeyId: key.apiKeyId,
      scopes: key.scopes.filter((s) => allowed.includes(s)),
    };
  }

  private requestedWorkspace(header: string | undefined): string | undefined {
    if (header === undefined || header === '') return undefined;
    // Not a uuid cannot name a workspace: the same 404 as any other workspace the caller cannot see.
    if (!isUuid(header)) throw workspaceNotFound();
    return header.toLowerCase();
  }

  private async load(userId: string, workspaceId: string | undefined, sessionId: string | null): Promise<Row | null> {
    if (!isUuid(userId) || (sessionId !== null && !isUuid(sessionId))) return null;
    const rows: Row[] = await this.dataSource.query(
      `SELECT u.platform_role, u.disabled_at IS NOT NULL AS disabled,
              (SELECT s.revoked_at IS NOT NULL FROM auth_sessions s WHERE s.id = $3::uuid AND s.user_id = u.id)
                AS session_revoked,
              m.workspace_id, m.role
         FROM users u
         LEFT JOIN workspace_members m
           ON m.user_id = u.id
          AND m.workspace_id = COALESCE($2::uuid, (SELECT w.id FROM workspaces w WHERE w.personal_owner_id = u.id))
        WHERE u.id = $1::uuid`,
      [userId, workspaceId ?? null, sessionId],
    );
    return rows[0] ?? null;
  }
}
