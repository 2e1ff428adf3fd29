import { Type } from 'class-transformer';
import { IsDate, IsEnum, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { AuditEventType } from '../audit-event-type';

export class ListAuditEventsQueryDto {
  @IsOptional()
  @IsEnum(AuditEventType)
  type?: AuditEventType;

  /** Events whose actor is this user. */
  @IsOptional()
  @IsUUID()
  userId?: string;

  @IsOptional()
  @IsUUID()
  workspaceId?: string;

  /** Events that acted on this kind of target: `user`, `workspace`, `queue`, `collection`... */
  @IsOptional()
  @IsString()
  @MaxLength(32)
  targetType?: string;

  /** Events that acted on this target (a user id, a workspace id, a queue name...). */
  @IsOptional()
  @IsString()
  @MaxLength(128)
  targetId?: string;

  /** Events at or after this time (ISO 8601). */
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  from?: Date;

  /** Events before this time (ISO 8601). */
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  to?: Date;

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
  @MaxLength(100)
  cursor?: string;
}
