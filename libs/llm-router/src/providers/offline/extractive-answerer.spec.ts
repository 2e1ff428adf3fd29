import { answerFromContext, NO_ANSWER_IN_CONTEXT, NO_CONTEXT_GIVEN } from './extractive-answerer';

const documents = [
  {
    id: 'policy-p2',
    text:
      'Our products come with a limited warranty. The warranty period is two years from the date of purchase. ' +
      'Batteries are covered for six months.',
  },
  { id: 'returns-p1', text: 'Returns are accepted within 30 days. Refunds are issued to the original payment method.' },
];

describe('answerFromContext (the offline answerer)', () => {
  it('answers with the sentences that hold the answer, each cited by its document id', () => {
    const answer = answerFromContext('How long is the warranty period?', documents);
    expect(answer.answered).toBe(true);
    expect(answer.text).toContain('The warranty period is two years from the date of purchase. [policy-p2]');
    expect(answer.citations).toContainEqual({
      documentId: 'policy-p2',
      quote: 'The warranty period is two years from the date of purchase.',
    });
    expect(answer.text).not.toContain('Refunds');
  });

  it('finds words in other forms (refunds, issued) and cites the right document', () => {
    const answer = answerFromContext('Where is a refund issued?', documents);
    expect(answer.citations.map((c) => c.documentId)).toEqual(['returns-p1']);
    expect(answer.text).toBe('Refunds are issued to the original payment method. [returns-p1]');
  });

  it('says the context does not hold the answer when it does not, without citing anything', () => {
    for (const question of ['What is the capital of France?', 'What is the warranty on the moon rover engine?']) {
      const answer = answerFromContext(question, documents);
      expect({ question, answer }).toEqual({
        question,
        answer: { text: NO_ANSWER_IN_CONTEXT, citations: [], answered: false },
      });
    }
  });

  it('says it was given no context at all', () => {
    expect(answerFromContext('How long is the warranty?', [])).toEqual({
      text: NO_CONTEXT_GIVEN,
      citations: [],
      answered: false,
    });
  });
});
