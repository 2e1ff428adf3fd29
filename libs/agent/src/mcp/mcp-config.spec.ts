import { loadConfig } from '@docqa/core';

describe('MCP configuration', () => {
  it('serves /mcp, refuses stdio servers and has bounded timeouts by default', () => {
    expect(loadConfig({}).mcp).toEqual({
      serverEnabled: true,
      allowStdio: false,
      allowPrivateNetwork: false,
      connectTimeoutMs: 10_000,
      callTimeoutMs: 30_000,
    });
  });

  it('reads each variable, and refuses values out of range', () => {
    expect(
      loadConfig({
        MCP_SERVER_ENABLED: 'false',
        MCP_ALLOW_STDIO: 'true',
        MCP_ALLOW_PRIVATE_NETWORK: 'true',
        MCP_CONNECT_TIMEOUT_MS: '2500',
        MCP_CALL_TIMEOUT_MS: '120000',
      }).mcp,
    ).toEqual({
      serverEnabled: false,
      allowStdio: true,
      allowPrivateNetwork: true,
      connectTimeoutMs: 2500,
      callTimeoutMs: 120_000,
    });
    expect(() => loadConfig({ MCP_CALL_TIMEOUT_MS: '10' })).toThrow(/MCP_CALL_TIMEOUT_MS/);
    expect(() => loadConfig({ MCP_ALLOW_STDIO: 'maybe' })).toThrow(/MCP_ALLOW_STDIO/);
  });
});
