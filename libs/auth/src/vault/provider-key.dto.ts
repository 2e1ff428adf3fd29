import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUrl, Length, Matches, MaxLength } from 'class-validator';
import { PROVIDER_NAMES, type ProviderName } from './provider-names';

export class ProviderParamDto {
  @ApiProperty({ enum: PROVIDER_NAMES })
  @IsIn(PROVIDER_NAMES)
  provider: ProviderName;
}

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class SetProviderKeyDto {
  /** The provider's API key. Stored encrypted; never returned. Surrounding whitespace is ignored. */
  @Transform(trimmed)
  @IsString()
  @Length(1, 4096)
  @Matches(/^[\x21-\x7e]+$/, { message: 'apiKey must be printable ASCII without spaces' })
  apiKey: string;

  /**
   * Where the provider's API is served, e.g. `http://vllm:8000/v1`. Required for `openai-compatible`;
   * for the hosted providers it replaces their public endpoint (a proxy or gateway).
   */
  @IsOptional()
  @Transform(trimmed)
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false, disallow_auth: true },
    { message: 'baseUrl must be an http(s) URL without credentials' },
  )
  @MaxLength(2048)
  baseUrl?: string;
}

export class ProviderKeyDto {
  @ApiProperty({ enum: PROVIDER_NAMES })
  provider: ProviderName;

  /** The key masked to its last 4 characters (`…abcd`); keys shorter than 12 characters show none. */
  maskedKey: string;

  baseUrl: string | null;

  /** Id of the encryption key that sealed the value (the first 8 bytes of its SHA-256, hex). */
  keyId: string;

  updatedAt: Date;
}

export class ProviderKeyListDto {
  items: ProviderKeyDto[];
}
