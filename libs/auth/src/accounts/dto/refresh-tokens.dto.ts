import { IsString, MaxLength, MinLength } from 'class-validator';

export class RefreshTokensDto {
  /** The refresh token from the last register, login or refresh; it can be used once. */
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  refreshToken: string;
}
