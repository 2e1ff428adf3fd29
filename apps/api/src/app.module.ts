import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, CoreModule, CoreOptions, ThrottlingModule } from '@docqa/core';
import { AuthModule } from '@docqa/auth';
import { DocumentsModule, IngestionModule } from '@docqa/documents';
import { MetricsModule } from '@docqa/metrics';

/** The HTTP API: the core plus every stage module, behind the global rate limit and then authentication. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, options: Omit<CoreOptions, 'role'> = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config, { ...options, role: 'api' }),
        MetricsModule,
        ThrottlingModule,
        AuthModule,
        DocumentsModule,
        IngestionModule,
      ],
    };
  }
}
