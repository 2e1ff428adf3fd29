import { PiiAnalyzer } from './pii-analyzer';
import { Redactor, TOKEN_INSTRUCTION, type RedactorSettings } from './redactor';
import type { PiiEntityType } from './entity-types';

const analyzer = new PiiAnalyzer();
const settings: RedactorSettings = {
  enabled: true,
  entities: ['PERSON', 'EMAIL_ADDRESS', 'PHONE_NUMBER', 'US_SSN', 'CREDIT_CARD'],
  minScore: 0.5,
  phoneRegions: ['US'],
  operator: 'tokenize',
  hashSalt: 'ws',
};

describe('Redactor (reversible masking round trip)', () => {
  const question = 'What did Maria Lopez (maria.lopez@example.com) say about SSN 536-22-1234?';
  const passage = 'Maria Lopez called from +1 415 555 2671 and paid with 4111 1111 1111 1111.';

  it('sends tokens only, the same value getting the same token in every text, and restores the answer', async () => {
    const seen: Array<Map<PiiEntityType, number>> = [];
    const redactor = new Redactor(analyzer, settings, (c) => seen.push(new Map(c)));
    expect(redactor.instruction).toBeUndefined();
    const [q, p] = await redactor.redactAll([question, passage]);
    expect(q).toBe('What did <PERSON_1> (<EMAIL_ADDRESS_1>) say about SSN <US_SSN_1>?');
    expect(p).toBe('<PERSON_1> called from <PHONE_NUMBER_1> and paid with <CREDIT_CARD_1>.');
    const outbound = `${q}\n${p}`;
    for (const secret of ['Maria', 'maria.lopez', '536-22-1234', '555 2671', '4111'])
      expect(outbound).not.toContain(secret);
    expect(redactor.instruction).toBe(TOKEN_INSTRUCTION);
    expect(redactor.counts).toEqual({ PERSON: 2, EMAIL_ADDRESS: 1, US_SSN: 1, PHONE_NUMBER: 1, CREDIT_CARD: 1 });
    expect(seen).toHaveLength(2);

    const answer = '<PERSON_1> said her number is <PHONE_NUMBER_1>; email <EMAIL_ADDRESS_1> [c1].';
    expect(redactor.restore(answer)).toBe(
      'Maria Lopez said her number is +1 415 555 2671; email maria.lopez@example.com [c1].',
    );
    // The same answer streamed in awkward pieces comes out the same.
    const restorer = redactor.createStreamRestorer();
    const pieces = ['<PER', 'SON_1> said her number is <', 'PHONE_NUMBER_', '1>; email <EMAIL_ADDRESS_1', '> [c1].'];
    expect(pieces.map((x) => restorer.push(x)).join('') + restorer.end()).toBe(redactor.restore(answer));
  });

  it('keeps clear of tokens another redactor already put in the texts, and leaves those as they are', async () => {
    const redactor = new Redactor(analyzer, settings);
    const earlier = 'Write to <EMAIL_ADDRESS_1> about the refund.';
    redactor.reserveTokensIn([earlier, 'and <EMAIL_ADDRESS_3> too']);
    const masked = await redactor.redact('Copy maria.lopez@example.com.');
    expect(masked).toBe('Copy <EMAIL_ADDRESS_4>.');
    expect(redactor.restore(`${earlier} <EMAIL_ADDRESS_4>`)).toBe(`${earlier} maria.lopez@example.com`);
  });

  it('is a pass-through when the policy turns LLM masking off or lists no entities', async () => {
    for (const off of [
      { ...settings, enabled: false },
      { ...settings, entities: [] },
    ]) {
      const redactor = new Redactor(analyzer, off);
      expect(redactor.enabled).toBe(false);
      expect(await redactor.redact(question)).toBe(question);
    }
  });

  it('with an irreversible operator, sends placeholders and restores nothing', async () => {
    const redactor = new Redactor(analyzer, { ...settings, operator: 'placeholder' });
    const out = await redactor.redact(question);
    expect(out).toBe('What did <PERSON> (<EMAIL_ADDRESS>) say about SSN <US_SSN>?');
    expect(redactor.restore(out)).toBe(out);
    expect(redactor.instruction).toBeUndefined();
  });
});
