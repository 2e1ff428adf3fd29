import { Controller, Get, Post } from '@nestjs/common';
import {
  CurrentPrincipal,
  PlatformAdmin,
  RequireRole,
  RequireScope,
  SessionOnly,
  type RequestPrincipal,
} from '@docqa/auth';

/** Test-only routes carrying each access decorator, so the global guard's rules are exercised over HTTP. */
@Controller('guard-probe')
export class GuardProbeController {
  @Get('read')
  read(@CurrentPrincipal() principal: RequestPrincipal): RequestPrincipal {
    return principal;
  }

  @Post('write')
  write(@CurrentPrincipal() principal: RequestPrincipal): RequestPrincipal {
    return principal;
  }

  @RequireRole('editor')
  @Post('editor')
  editor(@CurrentPrincipal() principal: RequestPrincipal): RequestPrincipal {
    return principal;
  }

  @RequireRole('owner')
  @RequireScope('admin')
  @Get('owner')
  owner(@CurrentPrincipal() principal: RequestPrincipal): RequestPrincipal {
    return principal;
  }

  @PlatformAdmin()
  @Get('ops')
  ops(@CurrentPrincipal() principal: RequestPrincipal): RequestPrincipal {
    return principal;
  }

  @SessionOnly()
  @Post('session')
  session(@CurrentPrincipal() principal: RequestPrincipal): RequestPrincipal {
    return principal;
  }
}
