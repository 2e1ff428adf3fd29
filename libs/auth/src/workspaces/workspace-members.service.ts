import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '@docqa/core';
import { AuditEventType } from '../audit/audit-event-type';
import { AuditService } from '../audit/audit.service';
import { AuthErrorCode, AuthException } from '../auth.errors';
import type { RequestContextInfo } from '../principal/request-context';
import type { RequestPrincipal } from '../principal/request-principal';
import { isUuid } from '../principal/uuid';
import { UserEntity } from '../users/user.entity';
import type { AddWorkspaceMemberDto } from './dto/add-workspace-member.dto';
import type { CreateInvitationDto } from './dto/create-invitation.dto';
import type { InvitationDto } from './dto/invitation.dto';
import type { UpdateWorkspaceMemberDto } from './dto/update-workspace-member.dto';
import type { WorkspaceMemberDto } from './dto/workspace-member.dto';
import { hashInvitationToken, INVITATION_TTL_MS, newInvitationToken } from './invitation-token';
import { requireMembership } from './workspace-access';
import { WorkspaceInvitationEntity } from './workspace-invitation.entity';
import { WorkspaceMemberEntity } from './workspace-member.entity';
import { toMemberDto } from './workspace.mapper';
import { WorkspaceEntity } from './workspace.entity';

function memberNotFound(): AuthException {
  return new AuthException(AuthErrorCode.MemberNotFound, 'member not found');
}

/**
 * Who belongs to a workspace. Members may list; only owners add, invite, change roles or remove (anyone may
 * remove themselves). A workspace keeps at least one owner, and a personal workspace keeps its user as owner.
 */
@Injectable()
export class WorkspaceMembersService {
  constructor(
    private readonly config: AppConfig,
    private readonly audit: AuditService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async listWorkspaceMembers(principal: RequestPrincipal, workspaceId: string): Promise<WorkspaceMemberDto[]> {
    await requireMembership(this.dataSource.manager, principal, workspaceId);
    const members = await this.dataSource.manager.find(WorkspaceMemberEntity, {
      where: { workspaceId },
      relations: { user: true },
      order: { createdAt: 'ASC' },
    });
    return members.map((m) => toMemberDto(m, m.user as UserEntity));
  }

  /** Adds an existing account by email. People without an account are invited instead. */
  async addWorkspaceMember(
    principal: RequestPrincipal,
    workspaceId: string,
    dto: AddWorkspaceMemberDto,
    context: RequestContextInfo,
  ): Promise<WorkspaceMemberDto> {
    return this.dataSource.transaction(async (manager) => {
      await requireMembership(manager, principal, workspaceId, 'owner');
      const user = await manager.findOne(UserEntity, { where: { email: dto.email } });
      if (!user) {
        throw new AuthException(
          AuthErrorCode.UserNotFound,
          'no account has this email: create an invitation (POST .../invitations) instead',
        );
      }
      if (await manager.exists(WorkspaceMemberEntity, { where: { workspaceId, userId: user.id } })) {
        throw new AuthException(AuthErrorCode.AlreadyMember, 'this user is already a member of the workspace');
      }
      const member = await manager.save(
        manager.create(WorkspaceMemberEntity, { workspaceId, userId: user.id, role: dto.role }),
      );
      await this.record(manager, AuditEventType.MemberInvited, principal, workspaceId, context, {
        userId: user.id,
        role: dto.role,
      });
      return toMemberDto(member, user);
    });
  }

  /** An invitation to register (REGISTRATION=open or invite) and join with `role`; the token is shown once. */
  async createWorkspaceInvitation(
    principal: RequestPrincipal,
    workspaceId: string,
    dto: CreateInvitationDto,
    context: RequestContextInfo,
  ): Promise<InvitationDto> {
    return this.dataSource.transaction(async (manager) => {
      await requireMembership(manager, principal, workspaceId, 'owner');
      if (this.config.auth.registration === 'closed') {
        throw new AuthException(AuthErrorCode.RegistrationClosed, 'registration is closed on this server');
      }
      if (await manager.exists(UserEntity, { where: { email: dto.email } })) {
        throw new AuthException(
          AuthErrorCode.AccountExists,
          'this email already has an account: add it as a member (POST .../members) instead',
        );
      }
      const token = newInvitationToken();
      const invitation = await manager.save(
        manager.create(WorkspaceInvitationEntity, {
          workspaceId,
          email: dto.email,
          role: dto.role,
          tokenHash: hashInvitationToken(token),
          invitedByUserId: principal.userId,
          expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
        }),
      );
      await this.record(manager, AuditEventType.MemberInvited, principal, workspaceId, context, {
        email: dto.email,
        role: dto.role,
        invitationId: invitation.id,
      });
      return {
        id: invitation.id,
        workspaceId,
        email: invitation.email,
        role: invitation.role,
        invitationToken: token,
        expiresAt: invitation.expiresAt,
      };
    });
  }

  async updateWorkspaceMember(
    principal: RequestPrincipal,
    workspaceId: string,
    userId: string,
    dto: UpdateWorkspaceMemberDto,
    context: RequestContextInfo,
  ): Promise<WorkspaceMemberDto> {
    return this.dataSource.transaction(async (manager) => {
      await requireMembership(manager, principal, workspaceId, 'owner');
      const member = await this.targetMember(manager, workspaceId, userId);
      const from = member.role;
      if (from !== dto.role) {
        if (from === 'owner') await this.assertOwnerMayGo(manager, workspaceId, member.userId);
        await manager.update(WorkspaceMemberEntity, { workspaceId, userId: member.userId }, { role: dto.role });
        member.role = dto.role;
        await this.record(manager, AuditEventType.RoleChanged, principal, workspaceId, context, {
          userId: member.userId,
          from,
          to: dto.role,
        });
      }
      return toMemberDto(member, member.user as UserEntity);
    });
  }

  async removeWorkspaceMember(
    principal: RequestPrincipal,
    workspaceId: string,
    userId: string,
    context: RequestContextInfo,
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const self = userId.toLowerCase() === principal.userId;
      await requireMembership(manager, principal, workspaceId, self ? 'viewer' : 'owner');
      const member = await this.targetMember(manager, workspaceId, userId);
      if (member.role === 'owner') await this.assertOwnerMayGo(manager, workspaceId, member.userId);
      await manager.delete(WorkspaceMemberEntity, { workspaceId, userId: member.userId });
      await this.record(manager, AuditEventType.MemberRemoved, principal, workspaceId, context, {
        userId: member.userId,
        role: member.role,
      });
    });
  }

  /** The member row, locked so that two owners demoting each other cannot leave the workspace without one. */
  private async targetMember(manager: EntityManager, workspaceId: string, userId: string) {
    if (!isUuid(userId)) throw memberNotFound();
    const member = await manager.findOne(WorkspaceMemberEntity, {
      where: { workspaceId, userId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!member) throw memberNotFound();
    member.user = await manager.findOneByOrFail(UserEntity, { id: member.userId });
    return member;
  }

  /** An owner may be demoted or removed only if another owner remains, and never from their personal workspace. */
  private async assertOwnerMayGo(manager: EntityManager, workspaceId: string, userId: string): Promise<void> {
    const personal = await manager.exists(WorkspaceEntity, { where: { id: workspaceId, personalOwnerId: userId } });
    if (personal) {
      throw new AuthException(
        AuthErrorCode.PersonalWorkspaceOwner,
        'the owner of a personal workspace cannot be demoted or removed from it',
      );
    }
    const owners = await manager.count(WorkspaceMemberEntity, { where: { workspaceId, role: 'owner' } });
    if (owners <= 1) throw new AuthException(AuthErrorCode.LastOwner, 'a workspace needs at least one owner');
  }

  private record(
    manager: EntityManager,
    type: AuditEventType,
    principal: RequestPrincipal,
    workspaceId: string,
    context: RequestContextInfo,
    details: Record<string, unknown>,
  ): Promise<void> {
    return this.audit.record(
      {
        type,
        actorUserId: principal.userId,
        workspaceId,
        ip: context.ip,
        requestId: context.requestId,
        details: principal.apiKeyId ? { ...details, apiKeyId: principal.apiKeyId } : details,
      },
      manager,
    );
  }
}
