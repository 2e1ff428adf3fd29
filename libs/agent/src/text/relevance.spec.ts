import { lexicalRelevance, MIN_RELEVANCE } from './relevance';

describe('lexicalRelevance', () => {
  const passages = [
    'The X200 warehouse robot comes with a warranty of three years.',
    'The X200 robot costs 42000 euros.',
    'Office plants are watered on Mondays.',
  ];

  it('scores the passage holding the rare question words highest', () => {
    const [warranty, price, plants] = lexicalRelevance('How long is the warranty of the X200 robot?', passages);
    expect(warranty).toBeGreaterThanOrEqual(MIN_RELEVANCE);
    expect(warranty).toBeGreaterThan(price);
    expect(plants).toBe(0);
  });

  it('does not count passages that share only generic words with a question about something absent', () => {
    const scores = lexicalRelevance('What is the refund policy for the X200 robot?', passages);
    expect(Math.max(...scores)).toBeLessThan(MIN_RELEVANCE);
  });
});
