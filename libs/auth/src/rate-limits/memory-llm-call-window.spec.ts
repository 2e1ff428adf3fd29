import { MemoryLlmCallWindow } from './memory-llm-call-window';

describe('MemoryLlmCallWindow', () => {
  let now: number;
  let window: MemoryLlmCallWindow;

  beforeEach(() => {
    now = 0;
    window = new MemoryLlmCallWindow(60_000, () => now);
  });

  it('counts calls up to the limit, then refuses without counting the refused attempt', async () => {
    expect(await window.take('w', 2)).toEqual({ allowed: true, count: 1, resetMs: 60_000, retryAfterMs: 0 });
    now = 10_000;
    expect(await window.take('w', 2)).toEqual({ allowed: true, count: 2, resetMs: 50_000, retryAfterMs: 0 });
    now = 20_000;
    expect(await window.take('w', 2)).toEqual({ allowed: false, count: 2, resetMs: 40_000, retryAfterMs: 40_000 });
    expect(await window.take('w', 2)).toMatchObject({ allowed: false, count: 2 });
  });

  it('frees a slot exactly when the call that took it is a window old', async () => {
    await window.take('w', 2);
    now = 10_000;
    await window.take('w', 2);
    now = 59_999;
    expect((await window.take('w', 2)).allowed).toBe(false);
    now = 60_000;
    expect(await window.take('w', 2)).toEqual({ allowed: true, count: 2, resetMs: 10_000, retryAfterMs: 0 });
  });

  it('keeps workspaces apart', async () => {
    await window.take('a', 1);
    expect((await window.take('a', 1)).allowed).toBe(false);
    expect((await window.take('b', 1)).allowed).toBe(true);
  });

  it('after a lowered limit, waits until enough calls have left the window', async () => {
    for (let i = 0; i < 3; i++) {
      now = i * 1000;
      await window.take('w', 5);
    }
    // Now 2 s: three calls at 0, 1 s and 2 s against a limit of 2. Two must leave, the second at 61 s.
    expect(await window.take('w', 2)).toEqual({ allowed: false, count: 3, resetMs: 58_000, retryAfterMs: 59_000 });
  });
});
