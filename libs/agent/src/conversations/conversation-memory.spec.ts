import { foldIntoSummary, summaryLine, SUMMARY_MAX_CHARS } from './conversation-memory';

describe('rolling summary', () => {
  it('keeps a turn as its question and the first sentence of its answer, without citations', () => {
    expect(
      summaryLine({ question: 'How long is the warranty?', answer: 'Three years. [1] It covers the motors. [1]' }),
    ).toBe('Q: How long is the warranty? A: Three years.');
  });

  it('appends turns and drops the oldest lines past the limit', () => {
    let summary = '';
    for (let i = 0; i < 40; i++)
      summary = foldIntoSummary(summary, [{ question: `Question ${i} ${'x'.repeat(80)}`, answer: `Answer ${i}.` }]);
    expect(summary.length).toBeLessThanOrEqual(SUMMARY_MAX_CHARS);
    expect(summary.split('\n').at(-1)).toMatch(/^Q: Question 39 /);
    expect(summary).not.toContain('Question 0 ');
  });
});
