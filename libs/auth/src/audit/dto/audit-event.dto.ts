import { ApiProperty } from '@nestjs/swagger';
import { AuditEventType } from '../audit-event-type';

export class AuditEventDto {
  id: string;
  @ApiProperty({ enum: AuditEventType, enumName: 'AuditEventType' })
  type: AuditEventType;
  actorUserId: string | null;
  workspaceId: string | null;
  /** What the event acted on beyond the workspace (`user`, `workspace`, `queue`, `collection`...). */
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  requestId: string | null;
  details: Record<string, unknown>;
  createdAt: Date;
}
