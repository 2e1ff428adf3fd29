import type { PlatformUsageReport } from '@docqa/llm-router';
import { csvField, usageCsv } from './usage-csv';

const totals = { calls: 0, failedCalls: 0, inputTokens: 0, outputTokens: 0, estimatedCalls: 0, costUsd: 0 };

describe('usage CSV', () => {
  it('writes a header of the breakdown and the metrics, then one line per row', () => {
    const report: PlatformUsageReport = {
      from: '2026-01-01',
      to: '2026-01-31',
      groupBy: ['day', 'workspace', 'provider'],
      rows: [
        {
          day: '2026-01-02',
          workspaceId: 'w1',
          workspaceName: 'Sales, EMEA',
          provider: 'openai',
          calls: 3,
          failedCalls: 1,
          inputTokens: 120,
          outputTokens: 40,
          estimatedCalls: 0,
          costUsd: 0.0000456,
        },
      ],
      totals,
    };
    expect(usageCsv(report)).toBe(
      'day,workspaceId,workspaceName,provider,calls,failedCalls,inputTokens,outputTokens,estimatedCalls,costUsd\r\n' +
        '2026-01-02,w1,"Sales, EMEA",openai,3,1,120,40,0,0.0000456\r\n',
    );
  });

  it('writes only the header when there is nothing to report', () => {
    expect(usageCsv({ from: 'a', to: 'b', groupBy: ['model'], rows: [], totals })).toBe(
      'model,calls,failedCalls,inputTokens,outputTokens,estimatedCalls,costUsd\r\n',
    );
  });

  it('quotes separators, quotes and line breaks, and defuses spreadsheet formulas', () => {
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField(-1)).toBe('-1');
    expect(csvField(null)).toBe('');
  });
});
