import { StreamCitationFilter } from './stream-citation-filter';

function run(pieces: string[], valid = (n: number) => n >= 1 && n <= 3): { text: string; dropped: number } {
  const f = new StreamCitationFilter(valid);
  const text = pieces.map((p) => f.push(p)).join('') + f.flush();
  return { text, dropped: f.dropped };
}

describe('StreamCitationFilter', () => {
  it('passes valid markers and removes invalid ones, however the text is split', () => {
    const text = 'The robot [1] is blue [7]. It costs [2, 9] euros [see below].';
    for (let size = 1; size <= 7; size++) {
      const pieces = text.match(new RegExp(`[\\s\\S]{1,${size}}`, 'g'))!;
      expect(run(pieces)).toEqual({ text: 'The robot [1] is blue . It costs [2] euros [see below].', dropped: 2 });
    }
  });

  it('drops a marker cut off at the end of the stream, but not other text', () => {
    expect(run(['Answer [1', '2']).text).toBe('Answer ');
    expect(run(['Answer [note']).text).toBe('Answer [note');
  });
});
