import { Injectable } from '@nestjs/common';
import { AppConfig, parseLlmChainStep, type LlmChainStep } from '@docqa/core';
import { DEFAULT_CHAIN_ORDER, DEFAULT_MODELS } from '../chain/provider-catalog';
import type { LlmCallContext } from '../chat/call-context';
import { validateChain, WorkspaceLlmSettingsService } from '../settings/workspace-llm-settings.service';

export interface ResolvedChain {
  steps: LlmChainStep[];
  /** Where it came from. An implicit chain silently drops providers nobody configured. */
  source: 'request' | 'workspace' | 'platform' | 'default';
}

/** The implicit chain: every hosted provider in the default order (those without a key are skipped), then offline. */
const DEFAULT_CHAIN: LlmChainStep[] = [
  ...DEFAULT_CHAIN_ORDER.map((provider) => ({ provider })),
  { provider: 'offline' },
];

/** Which chain a call follows: the request's, else the workspace's, else LLM_CHAIN, else the implicit one. */
@Injectable()
export class ChainResolver {
  constructor(
    private readonly config: AppConfig,
    private readonly settings: WorkspaceLlmSettingsService,
  ) {}

  async resolve(context: LlmCallContext): Promise<ResolvedChain> {
    const compatibleModel = this.config.providers.openaiCompatible.model;
    if (context.chain) return { steps: toSteps(validateChain(context.chain, compatibleModel)), source: 'request' };
    const own = (await this.settings.settingsOf(context.workspaceId)).chain;
    if (own?.length) return { steps: toSteps(own), source: 'workspace' };
    if (this.config.llm.chain) return { steps: this.config.llm.chain, source: 'platform' };
    return { steps: DEFAULT_CHAIN, source: 'default' };
  }

  /** The model a step asks for; undefined for `openai-compatible` when neither the step nor config names one. */
  modelFor(step: LlmChainStep): string | undefined {
    if (step.model) return step.model;
    if (step.provider === 'openai-compatible') return this.config.providers.openaiCompatible.model;
    return DEFAULT_MODELS[step.provider];
  }

  /** The chain written out with models, for people (`provider:model`). */
  describe(steps: LlmChainStep[]): string[] {
    return steps.map((s) => `${s.provider}:${this.modelFor(s) ?? '?'}`);
  }
}

function toSteps(entries: string[]): LlmChainStep[] {
  return entries.map((e) => parseLlmChainStep(e)!);
}
