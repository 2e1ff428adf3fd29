import type { AccessScope, PlatformRole, WorkspaceRole } from './roles';

/**
 * Who is calling and in which workspace, attached to every authenticated request by the global guard
 * (read it with `@CurrentPrincipal()`). `workspaceId` is the workspace named by `X-Workspace-Id`, else the
 * user's personal workspace; for an API key it is always the key's workspace.
 */
export interface RequestPrincipal {
  userId: string;
  platformRole: PlatformRole;
  workspaceId: string;
  workspaceRole: WorkspaceRole;
  /** Set when the request authenticated with an API key rather than a bearer access token. */
  apiKeyId?: string;
  /** The sign-in session of a bearer token (absent for API keys); logout revokes it. */
  sessionId?: string;
  scopes: AccessScope[];
}

/** Where the guard stores the principal on the Fastify request. */
export const PRINCIPAL_REQUEST_KEY = 'principal';
