import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { PLATFORM_ROLES, type PlatformRole } from '../../principal/roles';

export class SetPlatformRoleDto {
  /** `admin` may use /api/v1/admin; `user` may not. The last enabled admin cannot be demoted. */
  @ApiProperty({ enum: PLATFORM_ROLES })
  @IsIn(PLATFORM_ROLES)
  platformRole: PlatformRole;
}
