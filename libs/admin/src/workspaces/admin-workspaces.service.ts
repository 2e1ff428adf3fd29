import { Injectable } from '@nestjs/common';
import {
  WorkspaceAdminService,
  type RequestContextInfo,
  type RequestPrincipal,
  type WorkspaceSummary,
} from '@docqa/auth';
import { DocumentQuotasService, type DocumentUsage } from '@docqa/documents';
import { BudgetService, WorkspaceLlmSettingsService } from '@docqa/llm-router';
import type {
  AdminWorkspaceDetailDto,
  AdminWorkspaceDto,
  AdminWorkspacePageDto,
  WorkspaceQuotasDto,
} from './dto/admin-workspace.dto';
import type { ListAdminWorkspacesQueryDto } from './dto/list-admin-workspaces-query.dto';
import type { SetWorkspaceQuotasDto } from './dto/set-workspace-quotas.dto';

/**
 * Workspaces across the platform with the figures other libs own: documents and storage (documents), the
 * monthly LLM budget (llm-router). Each lib keeps its own rules, enforcement and audit.
 */
@Injectable()
export class AdminWorkspacesService {
  constructor(
    private readonly workspaces: WorkspaceAdminService,
    private readonly quotas: DocumentQuotasService,
    private readonly llmSettings: WorkspaceLlmSettingsService,
    private readonly budgets: BudgetService,
  ) {}

  async listWorkspaces(query: ListAdminWorkspacesQueryDto): Promise<AdminWorkspacePageDto> {
    const page = await this.workspaces.listWorkspaces(query);
    const usage = await this.quotas.usage(page.items.map((w) => w.id));
    return { ...page, items: page.items.map((w) => this.withUsage(w, usage.get(w.id))) };
  }

  async getWorkspace(id: string): Promise<AdminWorkspaceDetailDto> {
    const workspace = await this.workspaces.getWorkspace(id);
    const quotas = await this.getQuotas(workspace.id);
    return {
      ...this.withUsage(workspace, { documents: quotas.documents.used, storageBytes: quotas.storageBytes.used }),
      quotas,
    };
  }

  async getQuotas(id: string): Promise<WorkspaceQuotasDto> {
    const documents = await this.quotas.getQuotas(id);
    const workspaceId = id.toLowerCase();
    return { workspaceId, ...documents, llmBudget: await this.budgets.status(workspaceId) };
  }

  /** Each quota changes in the lib that enforces it, which audits it as `workspace_limit_changed`. */
  async setQuotas(
    actor: RequestPrincipal,
    id: string,
    body: SetWorkspaceQuotasDto,
    context: RequestContextInfo,
  ): Promise<WorkspaceQuotasDto> {
    await this.quotas.setQuotas(
      actor,
      id,
      { maxDocuments: body.maxDocuments, maxStorageBytes: body.maxStorageBytes },
      context,
    );
    if (body.monthlyLlmUsd !== undefined) await this.llmSettings.setBudget(actor, id, body.monthlyLlmUsd, context);
    return this.getQuotas(id);
  }

  private withUsage(w: WorkspaceSummary, usage: DocumentUsage | undefined): AdminWorkspaceDto {
    return {
      id: w.id,
      name: w.name,
      personal: w.personal,
      personalOwnerId: w.personalOwnerId,
      memberCount: w.memberCount,
      ownerEmails: w.ownerEmails,
      documentCount: usage?.documents ?? 0,
      storageBytes: usage?.storageBytes ?? 0,
      llmCallsPerMinute: w.llmCallsPerMinute,
      createdAt: w.createdAt,
    };
  }
}
