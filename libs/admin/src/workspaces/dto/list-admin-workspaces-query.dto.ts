import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export class ListAdminWorkspacesQueryDto {
  /** Part of the name or of an owner's email, any case. */
  @IsOptional()
  @IsString()
  @MaxLength(320)
  q?: string;

  /** `true`: personal workspaces only; `false`: shared ones only. */
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  personal?: boolean;

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
  @MaxLength(1000)
  cursor?: string;
}
