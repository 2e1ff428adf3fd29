import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { mcpErrorMessage } from './mcp-error-message';

describe('mcpErrorMessage', () => {
  it('keeps the status of a refused HTTP request but never the body the server sent', () => {
    const err = new StreamableHTTPError(404, 'Error POSTing to endpoint: {"internal":"metadata token abc"}');
    expect(mcpErrorMessage(err)).toBe('the server answered HTTP 404');
    expect(mcpErrorMessage(new StreamableHTTPError(-1, 'Unexpected content type: text/html'))).toBe(
      'the server answered with an unexpected content type',
    );
  });

  it('names the network error behind a failed fetch', () => {
    const err = new TypeError('fetch failed', { cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }) });
    expect(mcpErrorMessage(err)).toBe('fetch failed (ECONNREFUSED)');
    expect(mcpErrorMessage(new Error('spawn nope ENOENT'))).toBe('spawn nope ENOENT');
    expect(mcpErrorMessage('plain')).toBe('plain');
  });
});
