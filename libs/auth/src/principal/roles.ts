/** Platform-wide role of a user: `admin` may use the ops endpoints (`/api/v1/admin/...`). */
export type PlatformRole = 'admin' | 'user';
export const PLATFORM_ROLES: readonly PlatformRole[] = ['admin', 'user'];

/** Role of a user inside one workspace, highest first: owner > editor > viewer. */
export type WorkspaceRole = 'owner' | 'editor' | 'viewer';
export const WORKSPACE_ROLES: readonly WorkspaceRole[] = ['owner', 'editor', 'viewer'];

/** What a request may do: API keys carry a subset; a signed-in user gets every scope its role allows. */
export type AccessScope = 'read' | 'write' | 'admin';
export const ACCESS_SCOPES: readonly AccessScope[] = ['read', 'write', 'admin'];

const RANK: Record<WorkspaceRole, number> = { viewer: 1, editor: 2, owner: 3 };

/** True when `role` is at least `required` in the owner > editor > viewer hierarchy. */
export function roleAtLeast(role: WorkspaceRole, required: WorkspaceRole): boolean {
  return RANK[role] >= RANK[required];
}

/** The scopes a workspace role implies for a user signed in with a bearer token. */
export function scopesForRole(role: WorkspaceRole): AccessScope[] {
  if (role === 'owner') return ['read', 'write', 'admin'];
  if (role === 'editor') return ['read', 'write'];
  return ['read'];
}
