import { EventEmitter } from 'node:events';
import type { FastifyReply } from 'fastify';
import { SseResponse } from './sse-response';

class FakeRaw extends EventEmitter {
  written: string[] = [];
  head?: { status: number; headers: Record<string, string> };
  writableEnded = false;
  destroyed = false;
  writeHead(status: number, headers: Record<string, string>) {
    this.head = { status, headers };
  }
  flushHeaders() {}
  write(text: string) {
    this.written.push(text);
    return true;
  }
  end() {
    this.writableEnded = true;
  }
}

function fakeReply() {
  const raw = new FakeRaw();
  let hijacked = false;
  const reply = {
    raw,
    hijack: () => (hijacked = true),
    getHeaders: () => ({ 'x-request-id': 'req-1' }),
  } as unknown as FastifyReply;
  return { reply, raw, hijacked: () => hijacked };
}

describe('SseResponse', () => {
  it('holds events until committed, then writes them as frames with the reply headers', () => {
    const { reply, raw, hijacked } = fakeReply();
    const sse = new SseResponse(reply, 60_000);
    sse.send('node_start', { type: 'node_start', node: 'load_memory' });
    expect(raw.written).toEqual([]);
    expect(hijacked()).toBe(false);
    sse.commit();
    sse.send('token', { type: 'token', text: 'Hi' });
    sse.end();
    expect(hijacked()).toBe(true);
    expect(raw.head).toEqual({
      status: 200,
      headers: expect.objectContaining({ 'x-request-id': 'req-1', 'content-type': 'text/event-stream; charset=utf-8' }),
    });
    expect(raw.written.join('')).toBe(
      'event: node_start\ndata: {"type":"node_start","node":"load_memory"}\n\nevent: token\ndata: {"type":"token","text":"Hi"}\n\n',
    );
    expect(raw.writableEnded).toBe(true);
  });

  it('leaves an uncommitted reply to the error handler', () => {
    const { reply, raw, hijacked } = fakeReply();
    const sse = new SseResponse(reply, 60_000);
    sse.send('node_start', {});
    sse.end();
    expect(hijacked()).toBe(false);
    expect(raw.written).toEqual([]);
    expect(raw.writableEnded).toBe(false);
  });

  it('writes a heartbeat comment every interval until it ends', () => {
    jest.useFakeTimers();
    try {
      const { reply, raw } = fakeReply();
      const sse = new SseResponse(reply, 1_000);
      sse.commit();
      jest.advanceTimersByTime(2_500);
      sse.end();
      jest.advanceTimersByTime(5_000);
      expect(raw.written).toEqual([': heartbeat\n\n', ': heartbeat\n\n']);
    } finally {
      jest.useRealTimers();
    }
  });
});
