import { ApiProperty } from '@nestjs/swagger';
import { WORKSPACE_ROLES, type WorkspaceRole } from '../../principal/roles';

export class WorkspaceMemberDto {
  userId: string;
  email: string;
  displayName: string | null;
  @ApiProperty({ enum: WORKSPACE_ROLES })
  role: WorkspaceRole;
  /** When the user joined the workspace. */
  joinedAt: Date;
}
