import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../decorators/current-principal.decorator';
import { RequestContext } from '../decorators/request-context.decorator';
import { RequireRole } from '../decorators/require-role.decorator';
import { SessionOnly } from '../decorators/session-only.decorator';
import type { RequestContextInfo } from '../principal/request-context';
import type { RequestPrincipal } from '../principal/request-principal';
import { ApiKeyIdParamDto, ApiKeyListDto, CreateApiKeyDto, CreatedApiKeyDto } from './api-key.dto';
import { ApiKeysService } from './api-keys.service';

/** API keys of the caller's workspace, sent as `X-API-Key` by scripts and the SDK. */
@ApiTags('api-keys')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly service: ApiKeysService) {}

  /**
   * Creates an API key; the response is the only time the key is shown. Owners and editors, signed in
   * (an API key cannot create keys, so a leaked key cannot outlive its revocation through a successor).
   */
  @Post()
  @SessionOnly()
  @RequireRole('editor')
  createApiKey(
    @CurrentPrincipal() principal: RequestPrincipal,
    @Body() body: CreateApiKeyDto,
    @RequestContext() context: RequestContextInfo,
  ): Promise<CreatedApiKeyDto> {
    return this.service.create(principal, body, context);
  }

  /** Lists API keys that are not revoked, without secrets: all of the workspace's for owners, one's own otherwise. */
  @Get()
  async listApiKeys(@CurrentPrincipal() principal: RequestPrincipal): Promise<ApiKeyListDto> {
    return { items: await this.service.list(principal) };
  }

  /** Revokes an API key at once: one's own, or any of the workspace's as an owner. */
  @Delete(':id')
  @HttpCode(204)
  revokeApiKey(
    @CurrentPrincipal() principal: RequestPrincipal,
    @Param() params: ApiKeyIdParamDto,
    @RequestContext() context: RequestContextInfo,
  ): Promise<void> {
    return this.service.revoke(principal, params.id, context);
  }
}
