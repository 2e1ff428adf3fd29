import { PiiAnalyzer } from '../pii/pii-analyzer';
import { anonymizeMatches } from '../pii/operators/anonymize';
import { defaultPolicy, type SafetyPolicy } from '../policy/safety-policy';
import { createPiiLogScrubber } from './pii-log-scrubber';

const analyzer = new PiiAnalyzer();
const WS = '7a1e7a54-2b7b-4a3c-9f57-0b3f7b0f1a11';

function scrubberWith(policies: Record<string, SafetyPolicy> = {}) {
  let scans = 0;
  const scrub = createPiiLogScrubber({
    mask: (text, options) => {
      scans++;
      return anonymizeMatches(text, analyzer.analyzeSync(text, options), { operator: 'placeholder' }).text;
    },
    peekPolicy: (id) => policies[id],
    defaultOptions: { minScore: 0.5 },
  });
  return { scrub, scans: () => scans };
}

describe('PII log scrubber', () => {
  it('masks the free-text fields of a line as typed placeholders, on a copy', () => {
    const { scrub } = scrubberWith();
    const line = {
      msg: 'question received',
      question: 'Is ada@example.com on card 4111 1111 1111 1111?',
      userId: 'u1',
    };
    const out = scrub(line);
    expect(out).toEqual({
      msg: 'question received',
      question: 'Is <EMAIL_ADDRESS> on card <CREDIT_CARD>?',
      userId: 'u1',
    });
    expect(line.question).toContain('ada@example.com');
  });

  it("masks the query string of a request line's URL, decoded", () => {
    const { scrub } = scrubberWith();
    const out = scrub({ req: { method: 'GET', url: '/api/v1/search?q=mail%20ada%40example.com&limit=5', id: 'r' } });
    expect(out.req).toEqual({ method: 'GET', url: '/api/v1/search?q=mail <EMAIL_ADDRESS>&limit=5', id: 'r' });
  });

  it('returns lines without free text as they are, scanning nothing', () => {
    const { scrub, scans } = scrubberWith();
    const line = { msg: 'request completed', req: { url: '/api/v1/documents' }, res: { statusCode: 200 }, count: 3 };
    expect(scrub(line)).toBe(line);
    const clean = { query: 'revenue by quarter' };
    expect(scrub(clean)).toBe(clean);
    expect(scans()).toBe(1);
  });

  it("follows the policy of the line's workspace once loaded: its entity list, or no masking when logs are off", () => {
    const narrow = { ...defaultPolicy(WS), entities: ['CREDIT_CARD' as const] };
    const off = { ...defaultPolicy(WS), logs: { enabled: false } };
    const text = 'ada@example.com 4111 1111 1111 1111';
    expect(scrubberWith({ [WS]: narrow }).scrub({ workspaceId: WS, text }).text).toBe('ada@example.com <CREDIT_CARD>');
    const { scrub, scans } = scrubberWith({ [WS]: off });
    expect(scrub({ workspaceId: WS, text }).text).toBe(text);
    expect(scans()).toBe(0);
    // Another workspace, not loaded yet: the defaults.
    expect(scrub({ workspaceId: 'other', text }).text).toBe('<EMAIL_ADDRESS> <CREDIT_CARD>');
  });

  it('cuts very long values instead of writing a whole document into the log', () => {
    const { scrub } = scrubberWith();
    const out = scrub({ text: 'x'.repeat(20_000) });
    expect((out.text as string).length).toBe(10_003);
  });
});
