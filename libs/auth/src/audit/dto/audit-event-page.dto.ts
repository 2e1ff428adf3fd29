import { AuditEventDto } from './audit-event.dto';

export class AuditEventPageDto {
  /** Newest first. */
  items: AuditEventDto[];
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}
