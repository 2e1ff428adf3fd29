import type { IncomingMessage } from 'node:http';
import { requestIdFor } from './request-id';

const req = (headers: Record<string, string | string[]>) =>
  ({ headers }) as unknown as IncomingMessage & { id?: string };

describe('requestIdFor', () => {
  it('keeps a plain token from X-Request-ID and stores it on the raw request for the logger', () => {
    const r = req({ 'x-request-id': 'lb-7f3a:01.2_x' });
    expect(requestIdFor(r)).toBe('lb-7f3a:01.2_x');
    expect(r.id).toBe('lb-7f3a:01.2_x');
  });

  it.each([['with spaces'], ['<script>'], ['x'.repeat(129)], ['line\nbreak'], ['']])(
    'replaces %j with a fresh uuid',
    (given) => {
      const id = requestIdFor(req({ 'x-request-id': given }));
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    },
  );

  it('uses the first of repeated headers and makes distinct ids when none is given', () => {
    expect(requestIdFor(req({ 'x-request-id': ['first', 'second'] }))).toBe('first');
    expect(requestIdFor(req({}))).not.toBe(requestIdFor(req({})));
  });
});
