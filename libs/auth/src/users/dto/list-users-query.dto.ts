import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { PLATFORM_ROLES, type PlatformRole } from '../../principal/roles';

export class ListUsersQueryDto {
  /** Part of the email or display name, any case. */
  @IsOptional()
  @IsString()
  @MaxLength(320)
  q?: string;

  @IsOptional()
  @IsIn(PLATFORM_ROLES)
  platformRole?: PlatformRole;

  /** `active` or `disabled` accounts only. */
  @IsOptional()
  @IsIn(['active', 'disabled'])
  status?: 'active' | 'disabled';

  /** Page size, 1 to 200 (default 50). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  /** `nextCursor` of the previous page. */
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;
}
