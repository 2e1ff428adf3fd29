import type { UserEntity } from '../users/user.entity';
import type { WorkspaceDto } from './dto/workspace.dto';
import type { WorkspaceMemberDto } from './dto/workspace-member.dto';
import type { WorkspaceMemberEntity } from './workspace-member.entity';
import type { WorkspaceEntity } from './workspace.entity';

/** `defaultLlmCallsPerMinute` (LLM_RATE_LIMIT_PER_MINUTE) applies unless the workspace has its own limit. */
export function toWorkspaceDto(
  workspace: WorkspaceEntity,
  member: WorkspaceMemberEntity,
  defaultLlmCallsPerMinute: number,
): WorkspaceDto {
  return {
    id: workspace.id,
    name: workspace.name,
    personal: workspace.personalOwnerId === member.userId,
    role: member.role,
    llmCallsPerMinute: workspace.llmCallsPerMinute ?? defaultLlmCallsPerMinute,
    createdAt: workspace.createdAt,
  };
}

export function toMemberDto(member: WorkspaceMemberEntity, user: UserEntity): WorkspaceMemberDto {
  return {
    userId: member.userId,
    email: user.email,
    displayName: user.displayName,
    role: member.role,
    joinedAt: member.createdAt,
  };
}
