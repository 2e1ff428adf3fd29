import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsNumber,
  IsOptional,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsPhoneRegion } from '../../pii/dto/phone-region.validator';
import { PII_ENTITY_TYPES, type PiiEntityType } from '../../pii/entity-types';
import {
  IRREVERSIBLE_OPERATORS,
  PII_OPERATORS,
  type IrreversibleOperator,
  type PiiOperator,
} from '../../pii/operators/pii-operator';
import {
  CHUNK_INJECTION_ACTIONS,
  QUESTION_INJECTION_ACTIONS,
  type ChunkInjectionAction,
  type QuestionInjectionAction,
} from '../safety-policy';

export class LlmMaskingDto {
  /** Mask personal data before any text leaves for an external LLM provider. */
  @IsBoolean()
  enabled: boolean;

  /** `tokenize` (reversible: the answer shows the real values), `placeholder`, `mask` or `hash`. */
  @ApiProperty({ enum: PII_OPERATORS })
  @IsIn(PII_OPERATORS)
  operator: PiiOperator;
}

export class LogMaskingDto {
  /** Mask personal data in the free-text fields of log lines (as `<EMAIL_ADDRESS>`-style placeholders). */
  @IsBoolean()
  enabled: boolean;
}

export class IngestionMaskingDto {
  /** Mask personal data in document text before it is chunked and indexed (answers then cannot quote it). */
  @IsBoolean()
  enabled: boolean;

  /** `placeholder`, `mask` or `hash` (stored text cannot be tokenized). */
  @ApiProperty({ enum: IRREVERSIBLE_OPERATORS })
  @IsIn(IRREVERSIBLE_OPERATORS)
  operator: IrreversibleOperator;
}

export class InjectionSettingsDto {
  /** Injection score (0..1) from which a question or chunk counts as an injection attempt. */
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  threshold: number;

  /** A retrieved chunk at or above the threshold: `log` only, `downrank` it, or `block` it from the prompt. */
  @ApiProperty({ enum: CHUNK_INJECTION_ACTIONS })
  @IsIn(CHUNK_INJECTION_ACTIONS)
  chunkAction: ChunkInjectionAction;

  /** A question at or above the threshold: `log` only, or `block` it (the question is refused). */
  @ApiProperty({ enum: QUESTION_INJECTION_ACTIONS })
  @IsIn(QUESTION_INJECTION_ACTIONS)
  questionAction: QuestionInjectionAction;
}

/** A change to a safety policy: fields left out keep their current value. */
export class UpdateSafetyPolicyDto {
  /** PII entity types to look for; an empty list turns PII masking off everywhere. */
  @ApiProperty({ enum: PII_ENTITY_TYPES, isArray: true, required: false })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(PII_ENTITY_TYPES.length)
  @IsIn(PII_ENTITY_TYPES, { each: true })
  entities?: PiiEntityType[];

  /** Findings scoring below this (0..1) are left alone. */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  minScore?: number;

  /** ISO 3166 regions whose national phone formats are recognized (international `+` numbers always are). */
  @ApiProperty({ type: [String], required: false, example: ['US', 'GB'], pattern: '^[A-Z]{2}$' })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(20)
  @IsPhoneRegion()
  phoneRegions?: string[];

  @IsOptional()
  @ValidateNested()
  @Type(() => LlmMaskingDto)
  llm?: LlmMaskingDto;

  @IsOptional()
  @ValidateNested()
  @Type(() => LogMaskingDto)
  logs?: LogMaskingDto;

  @IsOptional()
  @ValidateNested()
  @Type(() => IngestionMaskingDto)
  ingestion?: IngestionMaskingDto;

  @IsOptional()
  @ValidateNested()
  @Type(() => InjectionSettingsDto)
  injection?: InjectionSettingsDto;
}

/** What platform admins may set besides: the lock. */
export class AdminUpdateSafetyPolicyDto extends UpdateSafetyPolicyDto {
  /** Locked, the workspace's owners can read the policy but not change it. */
  @IsOptional()
  @IsBoolean()
  locked?: boolean;
}

export class SafetyPolicyDto {
  workspaceId: string;

  @ApiProperty({ enum: PII_ENTITY_TYPES, isArray: true })
  entities: PiiEntityType[];

  minScore: number;

  phoneRegions: string[];

  llm: LlmMaskingDto;

  logs: LogMaskingDto;

  ingestion: IngestionMaskingDto;

  injection: InjectionSettingsDto;

  /** Set by a platform admin: owners cannot change the policy. */
  locked: boolean;

  /** True while the workspace uses the defaults (it never stored a policy). */
  isDefault: boolean;

  updatedAt: Date | null;

  /** The user who last changed the policy. */
  updatedBy: string | null;
}
