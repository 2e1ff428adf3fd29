import { ApiProperty } from '@nestjs/swagger';
import { PLATFORM_ROLES, type PlatformRole } from '../../principal/roles';

/** An account as platform admins see it. */
export class AdminUserDto {
  id: string;
  email: string;
  displayName: string | null;
  @ApiProperty({ enum: PLATFORM_ROLES })
  platformRole: PlatformRole;
  /** Disabled accounts cannot sign in; their tokens and API keys are refused. */
  disabled: boolean;
  disabledAt: Date | null;
  /** Workspaces the user is a member of, the personal one included. */
  @ApiProperty({ type: 'integer' })
  workspaceCount: number;
  /** When the user last signed in (started a session); null if never since registration. */
  lastSignInAt: Date | null;
  createdAt: Date;
}

export class AdminUserPageDto {
  /** Ordered by email. */
  items: AdminUserDto[];
  /** Accounts matching the filters, on every page. */
  @ApiProperty({ type: 'integer' })
  total: number;
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}
