import { Body, Controller, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../decorators/current-principal.decorator';
import { PlatformAdmin } from '../decorators/platform-admin.decorator';
import { RequestContext } from '../decorators/request-context.decorator';
import type { RequestContextInfo } from '../principal/request-context';
import type { RequestPrincipal } from '../principal/request-principal';
import { SetWorkspaceLlmRateLimitDto } from './dto/set-workspace-llm-rate-limit.dto';
import { WorkspaceLlmRateLimitDto } from './dto/workspace-llm-rate-limit.dto';
import { WorkspaceLlmLimitsService } from './workspace-llm-limits.service';

@ApiTags('admin')
@ApiBearerAuth()
@ApiSecurity('api-key')
@PlatformAdmin()
@Controller('admin/workspaces')
export class WorkspaceLlmRateLimitController {
  constructor(private readonly limits: WorkspaceLlmLimitsService) {}

  /**
   * Sets a workspace's own limit on LLM calls per minute, or clears it with null so LLM_RATE_LIMIT_PER_MINUTE
   * applies (platform admins only; 404 for an unknown workspace).
   */
  @Put(':id/llm-rate-limit')
  setWorkspaceLlmRateLimit(
    @CurrentPrincipal() principal: RequestPrincipal,
    @Param('id') id: string,
    @Body() dto: SetWorkspaceLlmRateLimitDto,
    @RequestContext() context: RequestContextInfo,
  ): Promise<WorkspaceLlmRateLimitDto> {
    return this.limits.setWorkspaceLlmRateLimit(principal, id, dto, context);
  }
}
