import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { PlatformAdmin } from '../decorators/platform-admin.decorator';
import { AuditEventsService } from './audit-events.service';
import { AuditEventPageDto } from './dto/audit-event-page.dto';
import { ListAuditEventsQueryDto } from './dto/list-audit-events-query.dto';

@ApiTags('admin')
@ApiBearerAuth()
@ApiSecurity('api-key')
@PlatformAdmin()
@Controller('admin/audit-events')
export class AuditEventsController {
  constructor(private readonly events: AuditEventsService) {}

  /** Security events, newest first (platform admins only; 403 for everyone else). */
  @Get()
  listAuditEvents(@Query() query: ListAuditEventsQueryDto): Promise<AuditEventPageDto> {
    return this.events.listAuditEvents(query);
  }
}
