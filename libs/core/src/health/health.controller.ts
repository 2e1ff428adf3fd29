import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import { SkipThrottle } from '@nestjs/throttler';
import { CoreErrorCode, CoreException } from '../errors';
import { Public } from '../http/public.decorator';
import { LivenessDto } from './liveness.dto';
import { ReadinessIndicators } from './readiness.indicators';

function failingChecks(result: HealthCheckResult): string {
  return Object.entries(result.error ?? {})
    .map(([name, detail]) => `${name} (${(detail as { message?: string }).message ?? 'down'})`)
    .join(', ');
}

/** Probes: liveness never touches a dependency; readiness checks every one this process needs. Open to all. */
@ApiTags('health')
@Public()
@SkipThrottle()
@Controller()
export class HealthController {
  private readonly startedAt = Date.now();

  constructor(
    private readonly health: HealthCheckService,
    private readonly readiness: ReadinessIndicators,
  ) {}

  /** Liveness: 200 for as long as the process can serve HTTP. */
  @Get('health')
  getHealth(): LivenessDto {
    return { status: 'ok', uptimeSeconds: Math.round((Date.now() - this.startedAt) / 1000) };
  }

  /** Readiness: 200 when the database, queue, disk (and Redis when configured) are usable, else 503. */
  @Get('ready')
  @HealthCheck({ swaggerDocumentation: false })
  @ApiOkResponse({ description: 'Every dependency is usable; `details` has each check.' })
  @ApiServiceUnavailableResponse({ description: 'A dependency is down; `message` names it.' })
  async getReadiness(): Promise<HealthCheckResult> {
    try {
      return await this.health.check(this.readiness.all());
    } catch (err) {
      if (err instanceof ServiceUnavailableException) {
        const result = err.getResponse() as HealthCheckResult;
        throw new CoreException(CoreErrorCode.NotReady, `not ready: ${failingChecks(result)}`);
      }
      throw err;
    }
  }
}
