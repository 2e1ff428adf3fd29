import { contextualText } from './contextual-text';

describe('contextualText', () => {
  it('prefixes the title, sheet and heading path as a breadcrumb', () => {
    expect(
      contextualText({ text: 'It rose 4% in Q3.', headingPath: ['Results', 'Revenue'] }, 'Annual report 2024'),
    ).toBe('Annual report 2024 > Results > Revenue\n\nIt rose 4% in Q3.');
    expect(contextualText({ text: 'id: 7 | total: 12', headingPath: [], sheet: 'Orders' }, 'sales.xlsx')).toBe(
      'sales.xlsx > Sheet Orders\n\nid: 7 | total: 12',
    );
  });

  it('returns the bare text when there is nothing to add', () => {
    expect(contextualText({ text: 'Plain.', headingPath: [] })).toBe('Plain.');
    expect(contextualText({ text: 'Plain.', headingPath: [] }, '   ')).toBe('Plain.');
  });

  it('does not repeat a title that is also the first heading', () => {
    expect(contextualText({ text: 'Body.', headingPath: ['User guide', 'Install'] }, 'User guide')).toBe(
      'User guide > Install\n\nBody.',
    );
  });

  it('keeps the breadcrumb short: flattened, long parts cut, deep paths elided in the middle', () => {
    const long = 'A very long heading '.repeat(20);
    const result = contextualText({ text: 'Body.', headingPath: ['One', 'Two\nlines', 'Three', 'Four', long] }, 'Doc');
    const [crumb, body] = result.split('\n\n');
    expect(body).toBe('Body.');
    expect(crumb.startsWith('Doc > … > Three > Four > A very long heading')).toBe(true);
    expect(crumb.length).toBeLessThan(150);
    expect(crumb.endsWith('…')).toBe(true);
    expect(contextualText({ text: 'Body.', headingPath: ['Two\n  lines '] })).toBe('Two lines\n\nBody.');
  });
});
