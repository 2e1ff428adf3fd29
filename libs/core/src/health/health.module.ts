import { Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { ReadinessDetails } from './readiness-details';
import { ReadinessIndicators } from './readiness.indicators';

/** Global so that stage libs can add their facts to readiness (`ReadinessDetails`). */
@Global()
@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController],
  providers: [ReadinessIndicators, ReadinessDetails],
  exports: [ReadinessDetails],
})
export class HealthModule {}
