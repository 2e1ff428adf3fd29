import { CanActivate, Controller, ExecutionContext, Get, Injectable, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { PrometheusController } from '@willsoto/nestjs-prometheus';
import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig, CoreErrorCode, CoreException, Public } from '@docqa/core';

/** When METRICS_TOKEN is set, scrapes must present it as a bearer token. */
@Injectable()
export class MetricsTokenGuard implements CanActivate {
  constructor(private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const expected = this.config.secrets.metricsToken;
    if (!expected) return true;
    const header = context.switchToHttp().getRequest<FastifyRequest>().headers.authorization ?? '';
    const given = Buffer.from(header.replace(/^Bearer\s+/i, ''));
    const want = Buffer.from(expected);
    if (given.length === want.length && timingSafeEqual(given, want)) return true;
    throw new CoreException(CoreErrorCode.Unauthorized, 'metrics require the METRICS_TOKEN bearer token');
  }
}

// Public to the user auth guard: scrapes authenticate with METRICS_TOKEN instead (MetricsTokenGuard).
@ApiExcludeController()
@Public()
@SkipThrottle()
@UseGuards(MetricsTokenGuard)
@Controller()
export class MetricsController extends PrometheusController {
  @Get()
  override index(@Res({ passthrough: true }) response: FastifyReply): Promise<string> {
    return super.index(response);
  }
}
