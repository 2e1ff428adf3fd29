import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

/**
 * A failure of an external MCP server, said without what the server sent back: the SDK puts a refused
 * request's whole response body in its message, and an owner could point a server at an internal address
 * and read that body through the probe or a tool result. The status and the network error code remain.
 */
export function mcpErrorMessage(err: unknown): string {
  if (err instanceof StreamableHTTPError) {
    return err.code === -1
      ? 'the server answered with an unexpected content type'
      : `the server answered HTTP ${err.code}`;
  }
  if (!(err instanceof Error)) return String(err);
  const code = (err.cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && !err.message.includes(code) ? `${err.message} (${code})` : err.message;
}
