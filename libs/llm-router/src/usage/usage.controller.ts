import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type RequestPrincipal } from '@docqa/auth';
import { UsageQueryDto } from './dto/usage-query.dto';
import { UsageReportDto } from './dto/usage-report.dto';
import { UsageService } from './usage.service';

@ApiTags('llm')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('usage')
export class UsageController {
  constructor(private readonly usage: UsageService) {}

  /**
   * LLM usage of the caller's workspace by day, provider, model and key source: calls, tokens, cost, and
   * where the workspace stands against its monthly budget. Any member may read it.
   */
  @Get()
  getUsage(@CurrentPrincipal() principal: RequestPrincipal, @Query() query: UsageQueryDto): Promise<UsageReportDto> {
    return this.usage.report(principal, query);
  }
}
