import { ApiProperty } from '@nestjs/swagger';
import { ACCESS_SCOPES, WORKSPACE_ROLES, type AccessScope, type WorkspaceRole } from '../../principal/roles';
import { UserDto } from './user.dto';

export class MeDto {
  user: UserDto;
  /** The workspace this request acts in (X-Workspace-Id, else the personal one). */
  workspaceId: string;
  /** The caller's role there. */
  @ApiProperty({ enum: WORKSPACE_ROLES })
  workspaceRole: WorkspaceRole;
  /** What this request may do: every scope of the role for a signed-in user, the key's scopes for an API key. */
  @ApiProperty({ enum: ACCESS_SCOPES, isArray: true })
  scopes: AccessScope[];
  /** Set when the request authenticated with an API key. */
  apiKeyId?: string;
}
