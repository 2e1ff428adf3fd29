import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import {
  CurrentPrincipal,
  PlatformAdmin,
  RequestContext,
  type RequestContextInfo,
  type RequestPrincipal,
} from '@docqa/auth';
import { LlmCircuitListDto } from './dto/llm-circuits.dto';
import { SetWorkspaceLlmBudgetDto, WorkspaceLlmBudgetDto } from './dto/workspace-llm-budget.dto';
import { LlmAdminService } from './llm-admin.service';

@ApiTags('admin')
@ApiBearerAuth()
@ApiSecurity('api-key')
@PlatformAdmin()
@Controller('admin')
export class LlmAdminController {
  constructor(private readonly admin: LlmAdminService) {}

  /**
   * Sets a workspace's monthly LLM budget in US dollars, or removes it with null (platform admins only;
   * 404 for an unknown workspace). Audited as `workspace_limit_changed`.
   */
  @Put('workspaces/:id/llm-budget')
  setWorkspaceLlmBudget(
    @CurrentPrincipal() principal: RequestPrincipal,
    @Param('id') id: string,
    @Body() body: SetWorkspaceLlmBudgetDto,
    @RequestContext() context: RequestContextInfo,
  ): Promise<WorkspaceLlmBudgetDto> {
    return this.admin.setWorkspaceLlmBudget(principal, id, body.monthlyUsd, context);
  }

  /** The LLM circuit breakers of this api instance: which providers and models calls currently skip. */
  @Get('llm/circuits')
  listLlmCircuits(): LlmCircuitListDto {
    return this.admin.listLlmCircuits();
  }
}
