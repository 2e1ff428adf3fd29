import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { DATASET_MAX_BYTES, DATASET_MAX_ITEMS } from './dataset-jsonl';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** The JSON way to create a dataset: its items as an array, or as JSONL text. */
export class CreateDatasetDto {
  /** Unique in the workspace, ignoring case. */
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  name: string;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  /** The items: `{ question, groundTruth, referenceContexts? }` each. Give this or `jsonl`. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(DATASET_MAX_ITEMS)
  @ApiProperty({
    required: false,
    type: 'array',
    items: {
      type: 'object',
      properties: {
        question: { type: 'string' },
        groundTruth: { type: 'string' },
        referenceContexts: { type: 'array', items: { type: 'string' } },
      },
      required: ['question', 'groundTruth'],
    },
  })
  items?: unknown[];

  /** The items as JSONL text, one object per line. Give this or `items`. */
  @IsOptional()
  @IsString()
  @MaxLength(DATASET_MAX_BYTES)
  jsonl?: string;
}

/** The multipart way: a JSONL file, with the name and description as fields. */
export class DatasetUploadFormDto {
  /** JSONL: one `{ "question", "groundTruth", "referenceContexts"? }` object per line. */
  @ApiProperty({ type: 'string', format: 'binary' })
  file: unknown;

  /** Default: the file's name without its extension. */
  name?: string;

  description?: string;
}

export class DatasetIdParamDto {
  @IsUUID()
  id: string;
}

export class DatasetDto {
  id: string;

  name: string;

  description: string | null;

  itemCount: number;

  /** Items whose `referenceContexts` is empty: the documents hold no answer, and the right answer says so. */
  unanswerableCount: number;

  createdBy: string | null;

  createdAt: Date;
}

export class DatasetListDto {
  items: DatasetDto[];
}

export class DatasetItemDto {
  position: number;

  /** The JSONL line (or `items` index, from 1) it was read from. */
  line: number;

  question: string;

  groundTruth: string;

  /** Absent: none given. Empty: the item is unanswerable from the documents. */
  referenceContexts?: string[];
}

export class DatasetDetailDto extends DatasetDto {
  items: DatasetItemDto[];
}
