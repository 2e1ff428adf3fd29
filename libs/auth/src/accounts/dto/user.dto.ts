import { ApiProperty } from '@nestjs/swagger';
import { PLATFORM_ROLES, type PlatformRole } from '../../principal/roles';

export class UserDto {
  id: string;
  email: string;
  displayName: string | null;
  /** `admin` may use the ops endpoints under /api/v1/admin. */
  @ApiProperty({ enum: PLATFORM_ROLES })
  platformRole: PlatformRole;
  /** The workspace requests act in when they send no X-Workspace-Id header. */
  personalWorkspaceId: string;
  createdAt: Date;
}
