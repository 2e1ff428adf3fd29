import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequireRole, type RequestPrincipal } from '@docqa/auth';
import { LlmChainDto, SetLlmChainDto } from './dto/llm-chain.dto';
import { LlmChainService } from './llm-chain.service';

/** The fallback chain of the caller's workspace. */
@ApiTags('llm')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('llm/chain')
export class LlmChainController {
  constructor(private readonly chains: LlmChainService) {}

  /** The workspace's own chain (if any) and the chain its calls follow. Any member may read it. */
  @Get()
  getLlmChain(@CurrentPrincipal() principal: RequestPrincipal): Promise<LlmChainDto> {
    return this.chains.getChain(principal);
  }

  /** Sets the workspace's own chain, or clears it with null. Owners only. */
  @Put()
  @RequireRole('owner')
  setLlmChain(@CurrentPrincipal() principal: RequestPrincipal, @Body() body: SetLlmChainDto): Promise<LlmChainDto> {
    return this.chains.setChain(principal, body.chain);
  }
}
