import { HeapTrimmer, releaseFreeHeap } from './heap-trim';

describe('releaseFreeHeap', () => {
  it('gives back heap pages that garbage left behind', () => {
    const fill = () =>
      Array.from({ length: 200 }, (_, i) => Array.from({ length: 2000 }, (_, j) => `${i}:${j}:${'x'.repeat(40)}`));
    expect(fill().length).toBe(200);
    const grown = process.memoryUsage().heapTotal;
    expect(releaseFreeHeap()).toBe(true);
    expect(process.memoryUsage().heapTotal).toBeLessThan(grown);
  });
});

describe('HeapTrimmer', () => {
  it('releases only once the heap grew by the given amount', () => {
    expect(new HeapTrimmer(1024 ** 4, 0).maybeRelease()).toBe(false);
    const trimmer = new HeapTrimmer(0, 0);
    expect(trimmer.maybeRelease()).toBe(true);
  });

  it('does not release again within the interval', () => {
    const trimmer = new HeapTrimmer(0, 60_000);
    expect(trimmer.maybeRelease()).toBe(true);
    expect(trimmer.maybeRelease()).toBe(false);
  });
});
