import { Injectable } from '@nestjs/common';
import type { RequestContextInfo, RequestPrincipal } from '@docqa/auth';
import { LlmCircuits } from '../routing/llm-circuits';
import { BudgetService } from '../settings/budget.service';
import { WorkspaceLlmSettingsService } from '../settings/workspace-llm-settings.service';
import type { LlmCircuitListDto } from './dto/llm-circuits.dto';
import type { WorkspaceLlmBudgetDto } from './dto/workspace-llm-budget.dto';

/** Platform admins' LLM controls (the route's guard checks the platform role). */
@Injectable()
export class LlmAdminService {
  constructor(
    private readonly settings: WorkspaceLlmSettingsService,
    private readonly budgets: BudgetService,
    private readonly circuits: LlmCircuits,
  ) {}

  async setWorkspaceLlmBudget(
    principal: RequestPrincipal,
    workspaceId: string,
    monthlyUsd: number | null,
    context: RequestContextInfo,
  ): Promise<WorkspaceLlmBudgetDto> {
    await this.settings.setBudget(principal, workspaceId, monthlyUsd, context);
    const id = workspaceId.toLowerCase();
    return { workspaceId: id, budget: await this.budgets.status(id) };
  }

  listLlmCircuits(): LlmCircuitListDto {
    return { items: this.circuits.snapshot() };
  }
}
