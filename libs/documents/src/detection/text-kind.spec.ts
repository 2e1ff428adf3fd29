import { classifyText, guessDelimiter } from './text-kind';

describe('guessDelimiter', () => {
  it('picks the delimiter that splits every record alike', () => {
    expect(guessDelimiter('a;b;c\n1;2,5;3\n4;5;6\n')).toBe(';');
    expect(guessDelimiter('a,b\n1,2\n3,4')).toBe(',');
    expect(guessDelimiter('a|b|c\n1|2|3\n')).toBe('|');
  });

  it('ignores delimiters and line breaks inside quotes', () => {
    expect(guessDelimiter('id,comment\n1,"a, b and\nc"\n2,"d"\n')).toBe(',');
  });

  it('tolerates a ragged row in a tab-separated table', () => {
    const rows = ['site\tlon\tlat\tmax', 'A\t1\t2\t3', 'B\t1\t2', 'C\t1\t2\t3', 'D\t1\t2\t3', 'E\t1\t2\t3\t4'];
    expect(guessDelimiter(rows.join('\n'))).toBe('\t');
  });

  it('finds no table in a single line or in prose', () => {
    expect(guessDelimiter('a,b,c')).toBeUndefined();
    expect(guessDelimiter('Yes, he said.\nThen, later, nothing at all happened, or so, they say.\n')).toBeUndefined();
  });

  it('drops the last record of a partial sample', () => {
    expect(guessDelimiter('a,b\n1,2\n3,4\n5', false)).toBe(',');
  });
});

describe('classifyText', () => {
  it('orders the checks HTML, Markdown, CSV, text', () => {
    expect(classifyText('<!doctype html><p>a,b\n1,2</p>')).toBe('html');
    expect(classifyText('# Data\n\n| a | b |\n|---|---|\n')).toBe('markdown');
    expect(classifyText('x,y\n1,2\n')).toBe('csv');
    expect(classifyText('Just a sentence.')).toBe('text');
  });

  it('reads setext headings with other Markdown as Markdown', () => {
    expect(classifyText('Title\n=====\n\nSee [the docs](https://example.com).\n')).toBe('markdown');
  });
});
