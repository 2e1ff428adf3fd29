import { isFollowUp, standaloneQuestion, topicOf } from './follow-up';

describe('follow-up questions without a model', () => {
  it('finds the topic of a question', () => {
    expect(topicOf('What is the warranty period for the X200 robot?')).toBe('the X200 robot');
    expect(topicOf('What is the X200?')).toBe('the X200');
  });

  it('tells follow-ups from questions that stand alone', () => {
    expect(isFollowUp('How much does it cost?')).toBe(true);
    expect(isFollowUp('And the price?')).toBe(true);
    expect(isFollowUp('What about that?')).toBe(true);
    expect(isFollowUp('What is the refund policy that covers robots?')).toBe(false);
    expect(isFollowUp('Who approves this budget for the warehouse?')).toBe(false);
  });

  it('replaces a pronoun by the previous topic, or adds the topic to a continuation', () => {
    const previous = 'How long is the warranty of the X200 robot?';
    expect(standaloneQuestion('How much does it cost?', previous)).toBe('How much does the X200 robot cost?');
    expect(standaloneQuestion('And what about its price?', previous)).toBe("What about the X200 robot's price?");
    expect(standaloneQuestion('And the price?', previous)).toBe('The price of the X200 robot?');
  });

  it('leaves questions alone without history or when they stand alone', () => {
    expect(standaloneQuestion('How much does it cost?', undefined)).toBe('How much does it cost?');
    expect(standaloneQuestion('Who maintains the warehouse robots?', 'What is the X200?')).toBe(
      'Who maintains the warehouse robots?',
    );
  });
});
