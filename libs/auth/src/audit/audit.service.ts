import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditEventEntity } from './audit-event.entity';
import { AuditEventType } from './audit-event-type';

export interface AuditTarget {
  type: string;
  id: string;
}

export interface AuditEventInput {
  type: AuditEventType;
  actorUserId?: string;
  workspaceId?: string;
  /** What the event acted on (a user, a queue...), so the trail can be filtered by it. */
  target?: AuditTarget;
  ip?: string;
  requestId?: string;
  /** Never put secrets here (passwords, tokens, keys): the trail is readable by every platform admin. */
  details?: Record<string, unknown>;
}

/** Writes security events. Pass `manager` to record inside a transaction (embedded mode has one connection). */
@Injectable()
export class AuditService {
  private readonly logger = new Logger('Audit');

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(event: AuditEventInput, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.insert(AuditEventEntity, {
      type: event.type,
      actorUserId: event.actorUserId ?? null,
      workspaceId: event.workspaceId ?? null,
      targetType: event.target?.type ?? null,
      targetId: event.target?.id ?? null,
      ip: event.ip ?? null,
      requestId: event.requestId ?? null,
      // TypeORM's insert typing does not accept an open record for a jsonb column; the value is plain JSON.
      details: (event.details ?? {}) as object,
    });
    this.logger.log({ audit: event.type, actorUserId: event.actorUserId, workspaceId: event.workspaceId }, 'audit');
  }
}
