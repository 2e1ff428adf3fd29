import { IsEmail, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { NormalizeEmail } from './email.transform';

export class RegisterDto {
  /** Sign-in name; compared case-insensitively. */
  @NormalizeEmail()
  @IsEmail()
  @MaxLength(320)
  email: string;

  /** At least 12 characters and not a commonly used password. */
  @IsString()
  @MaxLength(1024)
  password: string;

  /** Shown to workspace members; defaults to the email address. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  displayName?: string;

  /** Invitation from a workspace owner: required when REGISTRATION=invite, and joins that workspace. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  invitationToken?: string;
}
