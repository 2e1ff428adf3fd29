import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { PlatformAdmin } from '@docqa/auth';
import { AdminProvidersService } from './admin-providers.service';
import { ProviderHealthDto, ProviderHealthQueryDto } from './dto/provider-health.dto';

@ApiTags('admin')
@ApiBearerAuth()
@ApiSecurity('api-key')
@PlatformAdmin()
@Controller('admin/providers')
export class AdminProvidersController {
  constructor(private readonly providers: AdminProvidersService) {}

  /** LLM providers: circuit states and recent failed attempts (this instance), failed calls (all instances). */
  @Get()
  getProviderHealth(@Query() query: ProviderHealthQueryDto): Promise<ProviderHealthDto> {
    return this.providers.health(query.sinceHours ?? 24);
  }
}
