import { reflowLines, sectionHeadingPath } from './passage-layout';

describe('reflowLines', () => {
  it('joins a sentence that runs over a line break or a page break, and keeps breaks between sentences', () => {
    const text =
      'Operating manual for the pump\nThe pump must be serviced every\n\neighteen months, or sooner.\nSpare seals are kept\nin the red cabinet.\n\n- a list item\n- another';
    expect(reflowLines(text)).toBe(
      'Operating manual for the pump\nThe pump must be serviced every eighteen months, or sooner.\nSpare seals are kept in the red cabinet.\n\n- a list item\n- another',
    );
  });

  it('leaves a heading before its paragraph alone', () => {
    expect(reflowLines('Pricing\n\nThe robot costs 42000 euros.')).toBe('Pricing\n\nThe robot costs 42000 euros.');
  });
});

describe('sectionHeadingPath', () => {
  const chunk =
    'Warranty\n\nThe robot comes with a warranty of three years.\n\nPricing\n\nThe robot costs 42000 euros. Leasing costs 900 euros.';

  it('adds the heading of the section in the chunk that covers the query to the shared path', () => {
    expect(sectionHeadingPath(chunk, [], 'markdown', 'How much does the robot cost?')).toEqual(['Pricing']);
    expect(sectionHeadingPath(chunk, ['Handbook'], 'markdown', 'How long is the warranty?')).toEqual([
      'Handbook',
      'Warranty',
    ]);
  });

  it('keeps the shared path for documents without headings, chunks inside one section, or no match', () => {
    expect(sectionHeadingPath(chunk, [], 'pdf', 'How much does the robot cost?')).toEqual([]);
    expect(sectionHeadingPath('The robot costs 42000 euros.', ['Pricing'], 'markdown', 'robot cost')).toEqual([
      'Pricing',
    ]);
    expect(sectionHeadingPath(`Pricing\n\nThe robot costs 42000 euros.`, ['Pricing'], 'markdown', 'cost')).toEqual([
      'Pricing',
    ]);
    expect(sectionHeadingPath(chunk, [], 'markdown', 'capital of Australia')).toEqual([]);
  });
});
