import { ApiProperty } from '@nestjs/swagger';
import { WORKSPACE_ROLES, type WorkspaceRole } from '../../principal/roles';

export class InvitationDto {
  id: string;
  workspaceId: string;
  email: string;
  @ApiProperty({ enum: WORKSPACE_ROLES })
  role: WorkspaceRole;
  /** Pass it to POST /api/v1/auth/register as `invitationToken`. Shown once: only its hash is stored. */
  invitationToken: string;
  expiresAt: Date;
}
