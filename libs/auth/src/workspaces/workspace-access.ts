import { EntityManager } from 'typeorm';
import { AuthErrorCode, AuthException } from '../auth.errors';
import { workspaceNotFound } from '../principal/principal.resolver';
import type { RequestPrincipal } from '../principal/request-principal';
import { roleAtLeast, type WorkspaceRole } from '../principal/roles';
import { isUuid } from '../principal/uuid';
import { WorkspaceMemberEntity } from './workspace-member.entity';

/**
 * The caller's membership of a workspace named in the path, checked before anything else is read.
 * Not a member (or an API key of another workspace): 404, the same as a workspace that does not exist.
 * A member without the role: 403, since members already know the workspace exists.
 */
export async function requireMembership(
  manager: EntityManager,
  principal: RequestPrincipal,
  workspaceId: string,
  role: WorkspaceRole = 'viewer',
): Promise<WorkspaceMemberEntity> {
  if (!isUuid(workspaceId)) throw workspaceNotFound();
  if (principal.apiKeyId && principal.workspaceId !== workspaceId.toLowerCase()) throw workspaceNotFound();
  const membership = await manager.findOne(WorkspaceMemberEntity, {
    where: { workspaceId, userId: principal.userId },
  });
  if (!membership) throw workspaceNotFound();
  if (!roleAtLeast(membership.role, role)) {
    throw new AuthException(AuthErrorCode.InsufficientRole, `this needs the ${role} role in the workspace`);
  }
  return membership;
}
