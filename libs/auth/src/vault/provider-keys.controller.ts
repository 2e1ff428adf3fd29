import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../decorators/current-principal.decorator';
import { RequestContext } from '../decorators/request-context.decorator';
import { RequireRole } from '../decorators/require-role.decorator';
import type { RequestContextInfo } from '../principal/request-context';
import type { RequestPrincipal } from '../principal/request-principal';
import { ProviderKeyDto, ProviderKeyListDto, ProviderParamDto, SetProviderKeyDto } from './provider-key.dto';
import { ProviderKeysService } from './provider-keys.service';

/** The workspace's own LLM provider keys (bring your own key), in the caller's workspace. */
@ApiTags('provider-keys')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('provider-keys')
export class ProviderKeysController {
  constructor(private readonly service: ProviderKeysService) {}

  /** Lists the stored keys, masked to their last 4 characters. */
  @Get()
  async listProviderKeys(@CurrentPrincipal() principal: RequestPrincipal): Promise<ProviderKeyListDto> {
    return { items: await this.service.list(principal) };
  }

  /** Stores (or replaces) the key for a provider, encrypted at rest. Owners and editors only. */
  @Put(':provider')
  @RequireRole('editor')
  setProviderKey(
    @CurrentPrincipal() principal: RequestPrincipal,
    @Param() params: ProviderParamDto,
    @Body() body: SetProviderKeyDto,
    @RequestContext() context: RequestContextInfo,
  ): Promise<ProviderKeyDto> {
    return this.service.set(principal, params.provider, body, context);
  }

  /** Deletes the workspace's key for a provider. Owners and editors only. */
  @Delete(':provider')
  @RequireRole('editor')
  @HttpCode(204)
  deleteProviderKey(
    @CurrentPrincipal() principal: RequestPrincipal,
    @Param() params: ProviderParamDto,
    @RequestContext() context: RequestContextInfo,
  ): Promise<void> {
    return this.service.remove(principal, params.provider, context);
  }
}
