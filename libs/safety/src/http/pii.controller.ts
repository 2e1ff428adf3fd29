import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequireScope, type RequestPrincipal } from '@docqa/auth';
import { AnalyzePiiDto, AnonymizePiiDto, PiiAnalysisDto, PiiAnonymizationDto } from '../pii/dto/pii-analysis.dto';
import { PiiService } from '../pii/pii.service';

/** PII tools over the caller's workspace policy: find personal data in a text, or mask it. They store nothing. */
@ApiTags('safety')
@ApiBearerAuth()
@ApiSecurity('api-key')
// They change nothing, so a read-only API key may use them.
@RequireScope('read')
@Controller('safety/pii')
export class PiiController {
  constructor(private readonly pii: PiiService) {}

  /**
   * Finds personal data and secrets in a text (entity type, offsets, score, recognizer). Entity types, minimum
   * score and phone regions default to the workspace's safety policy.
   */
  @Post('analyze')
  @HttpCode(200)
  analyzePii(@CurrentPrincipal() principal: RequestPrincipal, @Body() dto: AnalyzePiiDto): Promise<PiiAnalysisDto> {
    return this.pii.analyze(principal, dto);
  }

  /**
   * Replaces personal data in a text: typed placeholders by default, or `mask`, `hash`, or `tokenize` (whose
   * `tokens` map each placeholder back to its value).
   */
  @Post('anonymize')
  @HttpCode(200)
  anonymizePii(
    @CurrentPrincipal() principal: RequestPrincipal,
    @Body() dto: AnonymizePiiDto,
  ): Promise<PiiAnonymizationDto> {
    return this.pii.anonymize(principal, dto);
  }
}
