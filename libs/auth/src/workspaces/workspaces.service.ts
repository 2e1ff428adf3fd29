import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '@docqa/core';
import { AuditEventType } from '../audit/audit-event-type';
import { AuditService } from '../audit/audit.service';
import type { RequestContextInfo } from '../principal/request-context';
import type { RequestPrincipal } from '../principal/request-principal';
import type { CreateWorkspaceDto } from './dto/create-workspace.dto';
import type { WorkspaceDto } from './dto/workspace.dto';
import { requireMembership } from './workspace-access';
import { WorkspaceMemberEntity } from './workspace-member.entity';
import { toWorkspaceDto } from './workspace.mapper';
import { WorkspaceEntity } from './workspace.entity';

/** Workspaces the caller belongs to. Every read is scoped by the caller's memberships. */
@Injectable()
export class WorkspacesService {
  constructor(
    private readonly config: AppConfig,
    private readonly audit: AuditService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async createWorkspace(
    principal: RequestPrincipal,
    dto: CreateWorkspaceDto,
    context: RequestContextInfo,
  ): Promise<WorkspaceDto> {
    return this.dataSource.transaction(async (manager) => {
      const workspace = await manager.save(manager.create(WorkspaceEntity, { name: dto.name, personalOwnerId: null }));
      const member = manager.create(WorkspaceMemberEntity, {
        workspaceId: workspace.id,
        userId: principal.userId,
        role: 'owner',
      });
      await manager.save(member);
      await this.audit.record(
        {
          type: AuditEventType.WorkspaceCreated,
          actorUserId: principal.userId,
          workspaceId: workspace.id,
          ip: context.ip,
          requestId: context.requestId,
        },
        manager,
      );
      return this.toDto(workspace, member);
    });
  }

  /** The caller's workspaces (an API key sees only its own), personal first, then by creation. */
  async listWorkspaces(principal: RequestPrincipal): Promise<WorkspaceDto[]> {
    const query = this.dataSource.manager
      .createQueryBuilder(WorkspaceMemberEntity, 'm')
      .innerJoinAndSelect('m.workspace', 'w')
      .where('m.user_id = :userId', { userId: principal.userId });
    if (principal.apiKeyId) query.andWhere('m.workspace_id = :workspaceId', { workspaceId: principal.workspaceId });
    const members = await query.getMany();
    return members
      .map((m) => this.toDto(m.workspace as WorkspaceEntity, m))
      .sort((a, b) => Number(b.personal) - Number(a.personal) || a.createdAt.getTime() - b.createdAt.getTime());
  }

  async getWorkspace(principal: RequestPrincipal, workspaceId: string): Promise<WorkspaceDto> {
    const member = await requireMembership(this.dataSource.manager, principal, workspaceId);
    const workspace = await this.dataSource.manager.findOneByOrFail(WorkspaceEntity, { id: member.workspaceId });
    return this.toDto(workspace, member);
  }

  private toDto(workspace: WorkspaceEntity, member: WorkspaceMemberEntity): WorkspaceDto {
    return toWorkspaceDto(workspace, member, this.config.llm.rateLimitPerMinute);
  }
}
