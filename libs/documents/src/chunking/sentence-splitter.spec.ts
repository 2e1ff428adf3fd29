import { splitLines, splitSentences } from './sentence-splitter';

function sentences(text: string): string[] {
  const out: number[] = [];
  splitSentences(text, 0, text.length, out);
  const result: string[] = [];
  for (let i = 0; i < out.length; i += 2) result.push(text.slice(out[i], out[i + 1]));
  return result;
}

describe('splitSentences', () => {
  it.each([
    ['Plain. Two sentences!', ['Plain.', 'Two sentences!']],
    ['Dr. Smith met Mr. Jones. They talked.', ['Dr. Smith met Mr. Jones.', 'They talked.']],
    ['It was 3 p.m. and late. Then rain.', ['It was 3 p.m. and late.', 'Then rain.']],
    ['See e.g. Paris, i.e. France. Next one.', ['See e.g. Paris, i.e. France.', 'Next one.']],
    ['As Fig. 3 and No. 12 show, it grew. The end.', ['As Fig. 3 and No. 12 show, it grew.', 'The end.']],
    ['The U.S. Army left. It rained.', ['The U.S. Army left.', 'It rained.']],
    ['J. R. R. Tolkien wrote it. Read it.', ['J. R. R. Tolkien wrote it.', 'Read it.']],
    ['Pi is 3.14159 and v1.2.3 shipped. Good.', ['Pi is 3.14159 and v1.2.3 shipped.', 'Good.']],
    [
      'Visit https://example.com/a.b?c=d.e for more. Then go home.',
      ['Visit https://example.com/a.b?c=d.e for more.', 'Then go home.'],
    ],
    ['He said "Stop." Then he left.', ['He said "Stop."', 'Then he left.']],
    ['"Really?" she asked. "Yes!" he said.', ['"Really?" she asked.', '"Yes!" he said.']],
    ['Wait... What? No!', ['Wait...', 'What?', 'No!']],
    ['Grew in 2023. 2024 was flat.', ['Grew in 2023.', '2024 was flat.']],
    ['I said no. Then I left.', ['I said no.', 'Then I left.']],
    ['1. Introduction to the topic. It matters.', ['1. Introduction to the topic.', 'It matters.']],
    ['这是第一句。这是第二句！这是第三句？', ['这是第一句。', '这是第二句！', '这是第三句？']],
    ['「走吧。」他说。好的。', ['「走吧。」', '他说。', '好的。']],
    ['هذه جملة أولى. هذه جملة ثانية؟ وهذه ثالثة!', ['هذه جملة أولى.', 'هذه جملة ثانية؟', 'وهذه ثالثة!']],
    ['첫 번째 문장입니다. 두 번째 문장입니다? 세 번째!', ['첫 번째 문장입니다.', '두 번째 문장입니다?', '세 번째!']],
    ['यह पहला वाक्य है। यह दूसरा है।', ['यह पहला वाक्य है।', 'यह दूसरा है।']],
    ['A line wrapped\nin the middle of a sentence. Next.', ['A line wrapped\nin the middle of a sentence.', 'Next.']],
    ['Paragraph one\n\nParagraph two', ['Paragraph one', 'Paragraph two']],
    ['Abbrev Dr.\n\nNew paragraph', ['Abbrev Dr.', 'New paragraph']],
    ['Items:\n- first\n- second\n3. third', ['Items:', '- first', '- second', '3. third']],
    ['  padded sentence.   Another.  ', ['padded sentence.', 'Another.']],
    ['', []],
    ['   \n\n  ', []],
  ])('%j', (text, expected) => {
    expect(sentences(text)).toEqual(expected);
  });

  it('only looks at the range it is given', () => {
    const text = 'Before. Inside one. Inside two. After.';
    const from = text.indexOf('Inside');
    const to = text.indexOf(' After');
    const out: number[] = [];
    splitSentences(text, from, to, out);
    expect(out).toEqual([from, from + 'Inside one.'.length, text.indexOf('Inside two'), to]);
  });
});

describe('splitLines', () => {
  it('returns the non-blank lines, trimmed', () => {
    const text = '  a = 1\n\n\tb = 2  \n   \nc';
    const out: number[] = [];
    splitLines(text, 0, text.length, out);
    const lines: string[] = [];
    for (let i = 0; i < out.length; i += 2) lines.push(text.slice(out[i], out[i + 1]));
    expect(lines).toEqual(['a = 1', 'b = 2', 'c']);
  });
});
