import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsIn, MaxLength } from 'class-validator';
import { WORKSPACE_ROLES, type WorkspaceRole } from '../../principal/roles';
import { NormalizeEmail } from '../../accounts/dto/email.transform';

export class AddWorkspaceMemberDto {
  /** Email of an existing account. People without one get an invitation instead (POST .../invitations). */
  @NormalizeEmail()
  @IsEmail()
  @MaxLength(320)
  email: string;

  @ApiProperty({ enum: WORKSPACE_ROLES })
  @IsIn(WORKSPACE_ROLES)
  role: WorkspaceRole;
}
