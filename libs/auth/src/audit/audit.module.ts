import { Module } from '@nestjs/common';
import { AuditService } from './audit.service';

/** The audit trail writer, importable by any auth sub-module (API keys, vault) without a cycle. */
@Module({ providers: [AuditService], exports: [AuditService] })
export class AuditModule {}
