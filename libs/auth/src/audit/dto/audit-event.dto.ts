import { ApiProperty } from '@nestjs/swagger';
import { AuditEventType } from '../audit-event-type';

export class AuditEventDto {
  id: string;
  @ApiProperty({ enum: AuditEventType, enumName: 'AuditEventType' })
  type: AuditEventType;
  actorUserId: string | null;
  workspaceId: string | null;
  ip: string | null;
  requestId: string | null;
  details: Record<string, unknown>;
  createdAt: Date;
}
