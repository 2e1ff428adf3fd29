import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ProviderKeysService, PROVIDER_NAMES, type ProviderName } from '@docqa/auth';
import { AppConfig, ExpiringCache, parseLlmChainStep, type LlmChainStep, type LlmProviderId } from '@docqa/core';
import { WorkspaceLlmSettingsEntity } from '@docqa/llm-router';

/** As long as the router keeps a workspace's own keys: a key set or removed is seen as soon as the router sees it. */
const CACHE_MS = 10_000;

/** The implicit chain's hosted providers (LLM_CHAIN unset), in the router's order. */
const IMPLICIT_HOSTED: readonly LlmProviderId[] = [
  'groq',
  'openai',
  'anthropic',
  'cohere',
  'gemini',
  'openai-compatible',
];

/**
 * Whether a run's LLM calls may be served by a hosted model, decided before the first call: the agent's
 * deterministic steps (query rewriting, grading, routing) use a model only then, fence and mask what it
 * sends, and otherwise cost no LLM call at all. It reads the chain the router will follow (the run's, the
 * workspace's, LLM_CHAIN, or the implicit one) and whether any hosted step in it has a key (the workspace's
 * own or the platform's). An open circuit is not considered: when the router falls back to the offline
 * answerer anyway, the agent's steps still work on what it answers.
 */
@Injectable()
export class HostedLlmProbe {
  private readonly chains = new ExpiringCache<string[] | null>(CACHE_MS);
  private readonly keys = new ExpiringCache<boolean>(CACHE_MS);

  constructor(
    private readonly config: AppConfig,
    private readonly vault: ProviderKeysService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async hostedAvailable(workspaceId: string, chain?: string[]): Promise<boolean> {
    const steps = await this.stepsFor(workspaceId, chain);
    for (const step of steps) {
      if (step.provider === 'offline') return false;
      if (step.provider === 'openai-compatible' && !step.model && !this.config.providers.openaiCompatible.model) {
        continue;
      }
      if (this.platformHas(step.provider) || (await this.workspaceHas(workspaceId, step.provider))) return true;
    }
    return false;
  }

  private async stepsFor(workspaceId: string, chain?: string[]): Promise<LlmChainStep[]> {
    const parse = (entries: string[]) => entries.map((e) => parseLlmChainStep(e)).filter((s) => !!s);
    if (chain?.length) return parse(chain);
    const own = await this.chains.get(workspaceId, async () => {
      const row = await this.dataSource.getRepository(WorkspaceLlmSettingsEntity).findOneBy({ workspaceId });
      return row?.chain ?? null;
    });
    if (own?.length) return parse(own);
    if (this.config.llm.chain) return this.config.llm.chain;
    return IMPLICIT_HOSTED.map((provider) => ({ provider }));
  }

  private platformHas(provider: LlmProviderId): boolean {
    const p = this.config.providers;
    switch (provider) {
      case 'offline':
        return false;
      case 'openai-compatible':
        return !!p.openaiCompatible.baseUrl;
      case 'openai':
        return !!p.openai.apiKey;
      case 'cohere':
        return !!p.cohere.apiKey;
      case 'anthropic':
        return !!p.anthropic.apiKey;
      case 'groq':
        return !!p.groq.apiKey;
      case 'gemini':
        return !!p.gemini.apiKey;
    }
  }

  private workspaceHas(workspaceId: string, provider: LlmProviderId): Promise<boolean> {
    if (!(PROVIDER_NAMES as readonly string[]).includes(provider)) return Promise.resolve(false);
    return this.keys.get(`${workspaceId}\0${provider}`, () =>
      this.vault.resolve(workspaceId, provider as ProviderName).then(
        (key) => !!key,
        // A key that cannot be opened is skipped by the router too.
        () => false,
      ),
    );
  }
}
