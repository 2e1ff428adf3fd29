import { Injectable } from '@nestjs/common';
import type { RequestPrincipal } from '@docqa/auth';
import { ChainResolver } from '../routing/chain-resolver';
import type { LlmChainDto } from './dto/llm-chain.dto';
import { WorkspaceLlmSettingsService } from './workspace-llm-settings.service';

/** Reads and sets a workspace's chain for its members (the route's guard checks roles). */
@Injectable()
export class LlmChainService {
  constructor(
    private readonly settings: WorkspaceLlmSettingsService,
    private readonly chains: ChainResolver,
  ) {}

  async getChain(principal: RequestPrincipal): Promise<LlmChainDto> {
    const own = (await this.settings.settingsOf(principal.workspaceId)).chain;
    const effective = await this.chains.resolve({ workspaceId: principal.workspaceId });
    return {
      chain: own,
      effectiveChain: this.chains.describe(effective.steps),
      source: effective.source === 'request' ? 'workspace' : effective.source,
    };
  }

  async setChain(principal: RequestPrincipal, chain: string[] | null): Promise<LlmChainDto> {
    await this.settings.setChain(principal, chain);
    return this.getChain(principal);
  }
}
