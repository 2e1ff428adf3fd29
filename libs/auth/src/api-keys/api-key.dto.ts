import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDate,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
} from 'class-validator';
import { ACCESS_SCOPES, type AccessScope } from '../principal/roles';

export class CreateApiKeyDto {
  /** What the key is for, e.g. "CI upload job". */
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Length(1, 100)
  name: string;

  /**
   * What the key may do: `read` (GET routes), `write` (changes), `admin` (workspace administration; owners
   * only). A key never does more than its creator's role allows, now or after the role changes.
   */
  @ApiProperty({ enum: ACCESS_SCOPES, isArray: true, example: ['read'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ACCESS_SCOPES.length)
  @IsIn(ACCESS_SCOPES, { each: true })
  scopes: AccessScope[];

  /** When the key stops working (ISO 8601, in the future). Without it the key works until revoked. */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? new Date(value) : value))
  @IsDate({ message: 'expiresAt must be an ISO 8601 date-time' })
  expiresAt?: Date;
}

export class ApiKeyDto {
  id: string;

  name: string;

  /** The visible start of the key, `dq_` and its 8-character public id. */
  prefix: string;

  @ApiProperty({ enum: ACCESS_SCOPES, isArray: true })
  scopes: AccessScope[];

  /** The user who created the key; the key acts as that user. */
  userId: string;

  expiresAt: Date | null;

  /** Last time the key authenticated a request, to the minute. */
  lastUsedAt: Date | null;

  createdAt: Date;
}

export class CreatedApiKeyDto extends ApiKeyDto {
  /** The key, `dq_<publicId>_<secret>`. Shown only in this response: store it now. Send it as `X-API-Key`. */
  key: string;
}

export class ApiKeyListDto {
  items: ApiKeyDto[];
}

export class ApiKeyIdParamDto {
  @IsUUID()
  id: string;
}
