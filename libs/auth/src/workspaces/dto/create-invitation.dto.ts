import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsIn, MaxLength } from 'class-validator';
import { WORKSPACE_ROLES, type WorkspaceRole } from '../../principal/roles';
import { NormalizeEmail } from '../../accounts/dto/email.transform';

export class CreateInvitationDto {
  /** Who may register with the invitation (the address must match at registration). */
  @NormalizeEmail()
  @IsEmail()
  @MaxLength(320)
  email: string;

  /** Role in this workspace once the invitee has registered. */
  @ApiProperty({ enum: WORKSPACE_ROLES })
  @IsIn(WORKSPACE_ROLES)
  role: WorkspaceRole;
}
