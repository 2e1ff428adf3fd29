import { MemoryThrottlerStorage, windowRecord } from './memory-throttler.storage';

const TTL = 10_000;

describe('in-memory rate-limit store', () => {
  it('counts hits per key in a window and blocks a key past its limit until the block ends', () => {
    const store = new MemoryThrottlerStorage();
    for (let i = 1; i <= 3; i++) expect(store.hit('a', TTL, 3, TTL, 1000).hits).toBe(i);
    expect(store.hit('b', TTL, 3, TTL, 1000).hits).toBe(1);

    const refused = windowRecord(store.hit('a', TTL, 3, TTL, 2000), 2000);
    expect(refused).toMatchObject({ isBlocked: true, timeToBlockExpire: 10 });
    // While blocked, hits are refused without being counted.
    expect(windowRecord(store.hit('a', TTL, 3, TTL, 11_999), 11_999)).toMatchObject({
      isBlocked: true,
      totalHits: 4,
      timeToBlockExpire: 1,
    });
    // The block outlasts the window, so the key starts afresh.
    expect(windowRecord(store.hit('a', TTL, 3, TTL, 12_000), 12_000)).toEqual({
      totalHits: 1,
      timeToExpire: 10,
      isBlocked: false,
      timeToBlockExpire: 0,
    });
  });

  it('starts a new window once the old one ends, and reports seconds left rounded up', () => {
    const store = new MemoryThrottlerStorage();
    store.hit('k', TTL, 5, TTL, 0);
    store.hit('k', TTL, 5, TTL, 100);
    expect(windowRecord(store.hit('k', TTL, 5, TTL, 8_500), 8_500)).toMatchObject({ totalHits: 3, timeToExpire: 2 });
    expect(store.hit('k', TTL, 5, TTL, 10_000).hits).toBe(1);
  });

  it('forgets keys whose window and block are over', () => {
    const store = new MemoryThrottlerStorage();
    store.hit('old', TTL, 5, TTL, 0);
    store.hit('recent', TTL, 5, TTL, 55_000);
    expect(store.size).toBe(2);
    store.hit('now', TTL, 5, TTL, 61_000); // the first hit past a minute sweeps
    expect(store.size).toBe(2);
    expect(store.hit('recent', TTL, 5, TTL, 61_000).hits).toBe(2);
  });

  it('answers the @nestjs/throttler storage interface with the same counts', async () => {
    const store = new MemoryThrottlerStorage();
    await store.increment('k', TTL, 1, TTL, 'default');
    expect(await store.increment('k', TTL, 1, TTL, 'default')).toMatchObject({ isBlocked: true, totalHits: 2 });
  });
});
