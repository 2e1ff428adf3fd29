import { PriceTable } from './price-table';

describe('PriceTable', () => {
  it('prices a known model per million tokens, in and out', () => {
    const prices = new PriceTable({});
    expect(prices.costOf('openai', 'gpt-4o-mini', { inputTokens: 1_000_000, outputTokens: 500_000 })).toEqual({
      usd: 0.45,
      priced: true,
    });
  });

  it('gives a dated model the price of the longest entry it extends', () => {
    const prices = new PriceTable({});
    expect(prices.priceOf('openai', 'gpt-4o-mini-2024-07-18')).toEqual({ inputPerMTok: 0.15, outputPerMTok: 0.6 });
    expect(prices.priceOf('openai', 'gpt-4o-2024-08-06')).toEqual({ inputPerMTok: 2.5, outputPerMTok: 10 });
  });

  it('lets LLM_PRICES replace and extend the table, provider:model before model', () => {
    const prices = new PriceTable({
      'gpt-4o-mini': { inputPerMTok: 1, outputPerMTok: 2 },
      'openai-compatible:llama3.1': { inputPerMTok: 0.1, outputPerMTok: 0.1 },
      'llama3.1': { inputPerMTok: 9, outputPerMTok: 9 },
    });
    expect(prices.priceOf('openai', 'gpt-4o-mini')).toEqual({ inputPerMTok: 1, outputPerMTok: 2 });
    expect(prices.priceOf('openai-compatible', 'llama3.1')).toEqual({ inputPerMTok: 0.1, outputPerMTok: 0.1 });
    expect(prices.priceOf('groq', 'llama3.1')).toEqual({ inputPerMTok: 9, outputPerMTok: 9 });
  });

  it('says when a model has no price, costing it 0', () => {
    expect(new PriceTable({}).costOf('openai-compatible', 'qwen2.5', { inputTokens: 10, outputTokens: 10 })).toEqual({
      usd: 0,
      priced: false,
    });
  });

  it('rounds to the 8 decimals the usage table stores', () => {
    const cost = new PriceTable({}).costOf('groq', 'llama-3.1-8b-instant', { inputTokens: 7, outputTokens: 3 });
    expect(cost.usd).toBe(0.00000059);
  });
});
