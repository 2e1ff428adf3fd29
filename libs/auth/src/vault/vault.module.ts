import { Module } from '@nestjs/common';
import { AppConfig } from '@docqa/core';
import { AuditModule } from '../audit/audit.module';
import { loadSecretBox } from './encryption-keys';
import { ProviderKeysController } from './provider-keys.controller';
import { ProviderKeysService } from './provider-keys.service';
import { SecretBox } from './secret-box';

/**
 * `SecretBox` and `ProviderKeysService` without HTTP routes: what a process that uses stored keys but must
 * not serve them imports (the worker, the LLM router).
 */
@Module({
  imports: [AuditModule],
  providers: [
    { provide: SecretBox, useFactory: (config: AppConfig) => loadSecretBox(config), inject: [AppConfig] },
    ProviderKeysService,
  ],
  exports: [SecretBox, ProviderKeysService],
})
export class VaultCoreModule {}

/** The key vault with its HTTP routes (`/api/v1/provider-keys`), for the API app (through AuthModule). */
@Module({
  imports: [VaultCoreModule],
  controllers: [ProviderKeysController],
  exports: [VaultCoreModule],
})
export class VaultModule {}
