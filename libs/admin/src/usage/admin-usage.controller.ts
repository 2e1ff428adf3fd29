import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtraModels,
  ApiOkResponse,
  ApiProduces,
  ApiSecurity,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { PlatformAdmin } from '@docqa/auth';
import { PlatformUsageService } from '@docqa/llm-router';
import { PlatformUsageQueryDto } from './dto/platform-usage-query.dto';
import { PlatformUsageReportDto } from './dto/platform-usage-report.dto';
import { usageCsv } from './usage-csv';

@ApiTags('admin')
@ApiBearerAuth()
@ApiSecurity('api-key')
@PlatformAdmin()
@ApiExtraModels(PlatformUsageReportDto)
@Controller('admin/usage')
export class AdminUsageController {
  constructor(private readonly usage: PlatformUsageService) {}

  /**
   * LLM usage and cost of every workspace over UTC days, broken down by `groupBy` (day, workspace, provider,
   * model), from the usage table. `?format=csv` or `Accept: text/csv` answers CSV (one line per row).
   */
  @Get()
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({
    content: {
      'application/json': { schema: { $ref: getSchemaPath(PlatformUsageReportDto) } },
      'text/csv': { schema: { type: 'string' } },
    },
  })
  async getPlatformUsage(
    @Query() query: PlatformUsageQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PlatformUsageReportDto | string> {
    const report = await this.usage.report(query);
    const csv = query.format === 'csv' || (query.format === undefined && /\btext\/csv\b/i.test(accept ?? ''));
    if (!csv) return report;
    void reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="llm-usage-${report.from}-${report.to}.csv"`);
    return usageCsv(report);
  }
}
