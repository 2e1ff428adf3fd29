import { verifyAnswer } from './verify-answer';

const contexts = [
  'The X200 warehouse robot comes with a warranty of three years. The warranty covers the motors.',
  'The X200 robot costs 42000 euros. Leasing costs 900 euros a month.',
];

describe('verifyAnswer', () => {
  it('keeps supported sentences with exact citation ranges', () => {
    const v = verifyAnswer('The X200 comes with a warranty of three years. [1] It costs 42000 euros [2].', contexts);
    expect(v.answer).toBe('The X200 comes with a warranty of three years. [1] It costs 42000 euros [2].');
    expect(v.citations.map((c) => [c.n, v.answer.slice(c.start, c.end)])).toEqual([
      [1, 'The X200 comes with a warranty of three years. [1]'],
      [2, 'It costs 42000 euros [2].'],
    ]);
    expect(v).toMatchObject({ supported: 2, removed: 0, invalidCitations: 0, verifiedCitations: 2, noAnswer: false });
  });

  it('drops citations of sources that do not exist and removes sentences nothing supports', () => {
    const v = verifyAnswer('The robot costs 42000 euros [2][5]. It was built on the Moon by penguins [1].', contexts);
    expect(v.answer).toBe('The robot costs 42000 euros [2].');
    expect(v).toMatchObject({ supported: 1, removed: 1, invalidCitations: 1 });
    expect(v.unsupported).toEqual(['It was built on the Moon by penguins.']);
  });

  it('moves a citation to the passage that supports the sentence, and cites uncited supported sentences', () => {
    const v = verifyAnswer('Leasing costs 900 euros a month [1]. The warranty covers the motors.', contexts);
    expect(v.answer).toBe('Leasing costs 900 euros a month. [2] The warranty covers the motors. [1]');
    expect(v.citations.map((c) => c.n)).toEqual([2, 1]);
  });

  it('reports an answer that only says the sources do not answer', () => {
    const v = verifyAnswer('The documents do not contain the answer to this question.', contexts);
    expect(v).toMatchObject({ noAnswer: true, supported: 0, removed: 0 });
    expect(v.answer).toBe('The documents do not contain the answer to this question.');
  });
});
