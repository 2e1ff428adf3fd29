import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthErrorCode, AuthException } from '../auth.errors';
import { AuditEventEntity } from './audit-event.entity';
import type { AuditEventType } from './audit-event-type';
import type { AuditEventPageDto } from './dto/audit-event-page.dto';
import type { ListAuditEventsQueryDto } from './dto/list-audit-events-query.dto';

const DEFAULT_LIMIT = 50;

/** The cursor is the last id of a page, opaque to clients so the scheme can change. */
function encodeCursor(id: string): string {
  return Buffer.from(`ae:${id}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): string {
  const match = /^ae:(\d{1,19})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw new AuthException(AuthErrorCode.InvalidCursor, 'cursor is not one this API returned');
  return match[1];
}

/** Reads the audit trail for platform admins (the route is guarded by @PlatformAdmin()). */
@Injectable()
export class AuditEventsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async listAuditEvents(query: ListAuditEventsQueryDto): Promise<AuditEventPageDto> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const q = this.dataSource.manager.createQueryBuilder(AuditEventEntity, 'e');
    if (query.type) q.andWhere('e.type = :type', { type: query.type });
    if (query.userId) q.andWhere('e.actor_user_id = :userId', { userId: query.userId });
    if (query.workspaceId) q.andWhere('e.workspace_id = :workspaceId', { workspaceId: query.workspaceId });
    if (query.targetType) q.andWhere('e.target_type = :targetType', { targetType: query.targetType });
    if (query.targetId) q.andWhere('e.target_id = :targetId', { targetId: query.targetId.toLowerCase() });
    if (query.from) q.andWhere('e.created_at >= :from', { from: query.from });
    if (query.to) q.andWhere('e.created_at < :to', { to: query.to });
    if (query.cursor) q.andWhere('e.id < :cursor', { cursor: decodeCursor(query.cursor) });
    const rows = await q
      .orderBy('e.id', 'DESC')
      .take(limit + 1)
      .getMany();
    const page = rows.slice(0, limit);
    return {
      items: page.map((e) => ({
        id: e.id,
        type: e.type as AuditEventType,
        actorUserId: e.actorUserId,
        workspaceId: e.workspaceId,
        targetType: e.targetType,
        targetId: e.targetId,
        ip: e.ip,
        requestId: e.requestId,
        details: e.details,
        createdAt: e.createdAt,
      })),
      nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1].id) : null,
    };
  }
}
