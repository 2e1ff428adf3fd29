import { describeProblems, parseJsonl, validateItems } from './dataset-jsonl';

describe('dataset JSONL', () => {
  it('reads one item per line, skipping blank lines, with a BOM and CRLF line ends', () => {
    const content =
      '\uFEFF{"question":"Which port?","groundTruth":"3000"}\r\n\r\n' +
      '{"question":" Who wrote it? ","groundTruth":"Ada","referenceContexts":["Ada wrote it."]}\n' +
      '{"question":"Is there a refund policy?","groundTruth":"The documents do not say.","referenceContexts":[]}\n';
    expect(parseJsonl(content)).toEqual({
      items: [
        { line: 1, question: 'Which port?', groundTruth: '3000' },
        { line: 3, question: 'Who wrote it?', groundTruth: 'Ada', referenceContexts: ['Ada wrote it.'] },
        {
          line: 4,
          question: 'Is there a refund policy?',
          groundTruth: 'The documents do not say.',
          referenceContexts: [],
        },
      ],
      problems: [],
    });
  });

  it('reports every bad line with its number and what is wrong', () => {
    const content = [
      '{"question":"ok","groundTruth":"ok"}',
      '{"question":"no truth"}',
      'not json',
      '["an array"]',
      '{"question":"q","groundTruth":"g","ground_truth":"typo"}',
      '{"question":"q","groundTruth":"g","referenceContexts":"one"}',
      '{"question":"q","groundTruth":"  "}',
      '{"question":"q","groundTruth":"g","referenceContexts":[1]}',
    ].join('\n');
    const { items, problems } = parseJsonl(content);
    expect(items).toHaveLength(1);
    expect(problems.map((p) => p.line)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(problems[0].message).toBe('"groundTruth" is missing');
    expect(problems[1].message).toMatch(/^not valid JSON/);
    expect(problems[2].message).toMatch(/must be a JSON object/);
    expect(problems[3].message).toContain('unknown field "ground_truth"');
    expect(problems[4].message).toBe('"referenceContexts" must be an array of strings');
    expect(problems[5].message).toBe('"groundTruth" is empty');
    expect(problems[6].message).toBe('"referenceContexts[0]" must be a string');
  });

  it('checks a JSON items array the same way, by item number', () => {
    const { items, problems } = validateItems([{ question: 'q', groundTruth: 'g' }, { question: 'q' }]);
    expect(items).toEqual([{ line: 1, question: 'q', groundTruth: 'g' }]);
    expect(describeProblems(problems, 'item')).toBe('the dataset has 1 invalid item: item 2: "groundTruth" is missing');
  });

  it('lists the first twenty problems and counts the rest', () => {
    const problems = Array.from({ length: 25 }, (_, i) => ({ line: i + 1, message: 'bad' }));
    const message = describeProblems(problems, 'line');
    expect(message).toMatch(/^the dataset has 25 invalid lines: line 1: bad;/);
    expect(message).toContain('line 20: bad; and 5 more');
    expect(message).not.toContain('line 21');
  });
});
