import type { AppConfig } from '@docqa/core';
import type { McpConnections } from './client/mcp-connections';
import type { McpServerEntity } from './client/mcp-server.entity';
import type { McpServerStore } from './client/mcp-server-store';
import { McpToolRegistry } from './mcp-tool-registry';

const config = { mcp: { allowStdio: false, callTimeoutMs: 30_000, connectTimeoutMs: 10_000 } } as AppConfig;

function row(overrides: Partial<McpServerEntity> = {}): McpServerEntity {
  return {
    id: 'id-1',
    workspaceId: 'ws',
    name: 'srv',
    transport: 'http',
    command: null,
    args: [],
    url: 'http://127.0.0.1:1/mcp',
    headerNames: [],
    envNames: [],
    sealedSecrets: null,
    keyId: null,
    allowedTools: ['*'],
    timeoutMs: null,
    enabled: true,
    createdBy: null,
    createdAt: new Date(0),
    updatedAt: new Date(0),
    ...overrides,
  };
}

function registry(store: Partial<McpServerStore>, connections: Partial<McpConnections> = {}): McpToolRegistry {
  const untouchable = new Proxy({} as McpConnections, {
    get: (_t, prop) => {
      if (prop in connections) return connections[prop as keyof McpConnections];
      throw new Error(`the connections were used (${String(prop)})`);
    },
  });
  return new McpToolRegistry(store as McpServerStore, untouchable, config);
}

describe('McpToolRegistry', () => {
  it('lists no tools, rather than failing the run, when the configuration cannot be read', async () => {
    const tools = registry({ enabled: () => Promise.reject(new Error('database down')) });
    await expect(tools.listTools('ws')).resolves.toEqual([]);
  });

  it('answers a call with an error result when the configuration cannot be read', async () => {
    const tools = registry({ enabledByName: () => Promise.reject(new Error('database down')) });
    await expect(tools.callTool('ws', 'srv__x', {})).resolves.toMatchObject({ isError: true });
  });

  it('refuses a tool of a server with an empty allow-list without reaching the server', async () => {
    const tools = registry({ enabledByName: async () => row({ allowedTools: [] }) });
    const result = await tools.callTool('ws', 'srv__anything', {});
    expect(result).toMatchObject({ isError: true, content: expect.stringMatching(/not in the allow-list/) });
  });

  it('neither starts nor lists stdio servers while MCP_ALLOW_STDIO is off', async () => {
    const stdio = row({ transport: 'stdio', command: 'node', url: null });
    const tools = registry({ enabled: async () => [stdio], enabledByName: async () => stdio });
    await expect(tools.listTools('ws')).resolves.toEqual([]);
    const result = await tools.callTool('ws', 'srv__x', {});
    expect(result).toMatchObject({ isError: true, content: expect.stringMatching(/MCP_ALLOW_STDIO/) });
  });

  it('leaves out a server that cannot be reached and keeps the others', async () => {
    const up = row({ id: 'up', name: 'up' });
    const down = row({ id: 'down', name: 'down' });
    const tools = registry(
      {
        enabled: async () => [down, up],
        resolve: (r: McpServerEntity) => ({ ...r, env: {}, headers: {}, timeoutMs: 1, version: 'v' }),
      },
      {
        tools: async (server) => {
          if (server.id === 'down') throw new Error('fetch failed');
          return [{ name: 'echo', description: 'Echo', inputSchema: { type: 'object' } }];
        },
      },
    );
    expect(await tools.listTools('ws')).toEqual([
      { name: 'up__echo', description: 'Echo', parameters: { type: 'object' }, server: { id: 'up', name: 'up' } },
    ]);
  });
});
