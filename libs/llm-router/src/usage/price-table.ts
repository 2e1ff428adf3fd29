import type { LlmPrice, LlmProviderId } from '@docqa/core';
import type { TokenUsage } from '../chat/chat-result';
import { MODEL_PRICES } from './model-prices';

export interface Cost {
  usd: number;
  /** False when the model has no price: the cost is then 0, and says so. */
  priced: boolean;
}

/**
 * Prices per model: LLM_PRICES first (`provider:model`, then `model` alone), then the built-in table.
 * Lookups are cached, since the same few models are priced on every call.
 */
export class PriceTable {
  private readonly resolved = new Map<string, LlmPrice | null>();

  constructor(private readonly overrides: Readonly<Record<string, LlmPrice>>) {}

  priceOf(provider: LlmProviderId, model: string): LlmPrice | undefined {
    const key = `${provider}:${model}`;
    let price = this.resolved.get(key);
    if (price === undefined) {
      price = this.overrides[key] ?? this.overrides[model] ?? MODEL_PRICES[key] ?? longestPrefix(key) ?? null;
      this.resolved.set(key, price);
    }
    return price ?? undefined;
  }

  costOf(provider: LlmProviderId, model: string, usage: Pick<TokenUsage, 'inputTokens' | 'outputTokens'>): Cost {
    const price = this.priceOf(provider, model);
    if (!price) return { usd: 0, priced: false };
    const usd = (usage.inputTokens * price.inputPerMTok + usage.outputTokens * price.outputPerMTok) / 1_000_000;
    // Stored as numeric(18,8): round here so the stored, reported and counted values agree.
    return { usd: Math.round(usd * 1e8) / 1e8, priced: true };
  }
}

/** `openai:gpt-4o-mini-2024-07-18` -> the price of `openai:gpt-4o-mini`, the longest built-in key it extends. */
function longestPrefix(key: string): LlmPrice | undefined {
  let best: string | undefined;
  for (const candidate of Object.keys(MODEL_PRICES)) {
    if (key.startsWith(`${candidate}-`) && (!best || candidate.length > best.length)) best = candidate;
  }
  return best ? MODEL_PRICES[best] : undefined;
}
