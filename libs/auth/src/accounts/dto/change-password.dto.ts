import { IsString, MaxLength, MinLength } from 'class-validator';

export class ChangePasswordDto {
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  currentPassword: string;

  /** At least 12 characters, not a commonly used password, not the current one. */
  @IsString()
  @MaxLength(1024)
  newPassword: string;
}
