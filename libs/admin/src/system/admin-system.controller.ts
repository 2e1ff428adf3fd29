import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { PlatformAdmin } from '@docqa/auth';
import { AdminSystemService } from './admin-system.service';
import { MigrationStateDto, SystemConfigDto, SystemInfoDto } from './dto/system.dto';

@ApiTags('admin')
@ApiBearerAuth()
@ApiSecurity('api-key')
@PlatformAdmin()
@Controller('admin/system')
export class AdminSystemController {
  constructor(private readonly system: AdminSystemService) {}

  /** Versions (DocQA, Node.js, PostgreSQL, pgvector, Redis), run mode and uptime of this instance. */
  @Get()
  getSystemInfo(): Promise<SystemInfoDto> {
    return this.system.info();
  }

  /** Every configuration variable with the value in effect; secrets (as the schema marks them) redacted. */
  @Get('config')
  getSystemConfig(): SystemConfigDto {
    return this.system.configuration();
  }

  /** Applied and pending database migrations. */
  @Get('migrations')
  getMigrationState(): Promise<MigrationStateDto> {
    return this.system.migrations();
  }
}
