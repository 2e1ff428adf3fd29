import { citedNumbers, filterMarkers, stripMarkers } from './citation-markers';

describe('citation markers', () => {
  it('reads numbers from every marker shape models write, and leaves other brackets alone', () => {
    expect(citedNumbers('A [1]. B [2, 3]. C [source 4] and [Source: 5][6]. In [2023] see [sic].')).toEqual([
      1, 2, 3, 4, 5, 6,
    ]);
  });

  it('drops unknown numbers, normalises what is kept, and counts each dropped occurrence', () => {
    const out = filterMarkers('Claim [1]. Other [2; 9]. Third [9][9].', (n) => n <= 2);
    expect(out.text).toBe('Claim [1]. Other [2]. Third.');
    expect(out.dropped).toBe(3);
  });

  it('strips every marker', () => {
    expect(stripMarkers('The robot costs 42000 euros. [1] It is blue [2, 3].')).toBe(
      'The robot costs 42000 euros. It is blue.',
    );
  });
});
