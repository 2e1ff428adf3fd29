import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  type ValidationOptions,
} from 'class-validator';
import { PII_ENTITY_TYPES, type PiiEntityType } from '../entity-types';
import { PII_OPERATORS, type PiiOperator } from '../operators/pii-operator';
import { IsPhoneRegion } from './phone-region.validator';

/** Longest text one request may analyze (the JSON body limit applies too). */
export const MAX_ANALYZE_CHARS = 500_000;

function IsOperatorMap(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isOperatorMap',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' &&
          value !== null &&
          !Array.isArray(value) &&
          Object.entries(value).every(
            ([k, v]) =>
              (PII_ENTITY_TYPES as readonly string[]).includes(k) &&
              (PII_OPERATORS as readonly string[]).includes(v as string),
          ),
        defaultMessage: () =>
          `operators must map entity types (${PII_ENTITY_TYPES.join(', ')}) to operators (${PII_OPERATORS.join(', ')})`,
      },
    },
    options,
  );
}

export class AnalyzePiiDto {
  @IsString()
  @MaxLength(MAX_ANALYZE_CHARS)
  text: string;

  /** Entity types to look for. Default: the workspace policy's. */
  @ApiProperty({ enum: PII_ENTITY_TYPES, isArray: true, required: false })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(PII_ENTITY_TYPES.length)
  @IsIn(PII_ENTITY_TYPES, { each: true })
  entities?: PiiEntityType[];

  /** Findings scoring below this are left out. Default: the workspace policy's. */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  minScore?: number;

  /** Regions national phone numbers are read in. Default: the workspace policy's. */
  @ApiProperty({ type: [String], required: false, example: ['US'], pattern: '^[A-Z]{2}$' })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(20)
  @IsPhoneRegion()
  phoneRegions?: string[];
}

export class AnonymizePiiDto extends AnalyzePiiDto {
  /** What replaces each finding: `placeholder` (default), `mask`, `hash` or `tokenize`. */
  @ApiProperty({ enum: PII_OPERATORS, required: false })
  @IsOptional()
  @IsIn(PII_OPERATORS)
  operator?: PiiOperator;

  /** Other operators for some entity types, e.g. `{ "CREDIT_CARD": "mask" }`. */
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string', enum: [...PII_OPERATORS] },
    example: { CREDIT_CARD: 'mask' },
  })
  @IsOptional()
  @IsObject()
  @IsOperatorMap()
  operators?: Partial<Record<PiiEntityType, PiiOperator>>;
}

export class PiiFindingDto {
  @ApiProperty({ enum: PII_ENTITY_TYPES })
  entityType: PiiEntityType;

  /** Offset of the first character (UTF-16 code units, as JavaScript's `slice` counts). */
  start: number;

  /** Offset just past the last character. */
  end: number;

  /** Confidence in [0, 1], context words included. */
  score: number;

  /** What found it, e.g. `email`, `credit-card`, `person-ner` or `person-heuristic` (lower confidence). */
  recognizer: string;
}

export class PiiAnalysisDto {
  /** Findings in text order; overlapping ones were resolved to the best. */
  findings: PiiFindingDto[];
}

export class AnonymizedItemDto {
  @ApiProperty({ enum: PII_ENTITY_TYPES })
  entityType: PiiEntityType;

  /** Offsets of the replacement in the anonymized text. */
  start: number;

  end: number;

  @ApiProperty({ enum: PII_OPERATORS })
  operator: PiiOperator;
}

export class PiiAnonymizationDto {
  text: string;

  items: AnonymizedItemDto[];

  /** With `tokenize`: each token and the value it stands for, to restore the text later. */
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' } })
  tokens?: Record<string, string>;
}
