import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../decorators/current-principal.decorator';
import { RequestContext } from '../decorators/request-context.decorator';
import { RequireScope } from '../decorators/require-scope.decorator';
import type { RequestContextInfo } from '../principal/request-context';
import type { RequestPrincipal } from '../principal/request-principal';
import { AddWorkspaceMemberDto } from './dto/add-workspace-member.dto';
import { CreateInvitationDto } from './dto/create-invitation.dto';
import { InvitationDto } from './dto/invitation.dto';
import { UpdateWorkspaceMemberDto } from './dto/update-workspace-member.dto';
import { WorkspaceMemberDto } from './dto/workspace-member.dto';
import { WorkspaceMembersService } from './workspace-members.service';

/** Membership of the workspace in the path (not X-Workspace-Id). Non-members get 404; non-owners 403. */
@ApiTags('workspaces')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('workspaces/:id')
export class WorkspaceMembersController {
  constructor(private readonly members: WorkspaceMembersService) {}

  /** Members and their roles (any member may list). */
  @Get('members')
  listWorkspaceMembers(
    @CurrentPrincipal() principal: RequestPrincipal,
    @Param('id') id: string,
  ): Promise<WorkspaceMemberDto[]> {
    return this.members.listWorkspaceMembers(principal, id);
  }

  /** Adds an existing account by email (owners only). */
  @RequireScope('admin')
  @Post('members')
  addWorkspaceMember(
    @CurrentPrincipal() principal: RequestPrincipal,
    @Param('id') id: string,
    @Body() dto: AddWorkspaceMemberDto,
    @RequestContext() context: RequestContextInfo,
  ): Promise<WorkspaceMemberDto> {
    return this.members.addWorkspaceMember(principal, id, dto, context);
  }

  /** Invites someone without an account: register with the returned token to join (owners only). */
  @RequireScope('admin')
  @Post('invitations')
  createWorkspaceInvitation(
    @CurrentPrincipal() principal: RequestPrincipal,
    @Param('id') id: string,
    @Body() dto: CreateInvitationDto,
    @RequestContext() context: RequestContextInfo,
  ): Promise<InvitationDto> {
    return this.members.createWorkspaceInvitation(principal, id, dto, context);
  }

  /** Changes a member's role (owners only; the last owner cannot be demoted). */
  @RequireScope('admin')
  @Patch('members/:userId')
  updateWorkspaceMember(
    @CurrentPrincipal() principal: RequestPrincipal,
    @Param('id') id: string,
    @Param('userId') userId: string,
    @Body() dto: UpdateWorkspaceMemberDto,
    @RequestContext() context: RequestContextInfo,
  ): Promise<WorkspaceMemberDto> {
    return this.members.updateWorkspaceMember(principal, id, userId, dto, context);
  }

  /** Removes a member (owners; any member may remove themselves; the last owner cannot go). */
  @RequireScope('admin')
  @Delete('members/:userId')
  @HttpCode(HttpStatus.NO_CONTENT)
  removeWorkspaceMember(
    @CurrentPrincipal() principal: RequestPrincipal,
    @Param('id') id: string,
    @Param('userId') userId: string,
    @RequestContext() context: RequestContextInfo,
  ): Promise<void> {
    return this.members.removeWorkspaceMember(principal, id, userId, context);
  }
}
