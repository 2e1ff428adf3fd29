import { AgentErrorCode, AgentException } from './agent.errors';

describe('AgentException', () => {
  it('is the one exception of the lib: conversation, run and MCP codes keep their names and statuses', () => {
    const statuses = Object.fromEntries(
      Object.values(AgentErrorCode).map((code) => [code, new AgentException(code, 'x').httpStatus]),
    );
    expect(statuses).toEqual({
      CONVERSATION_NOT_FOUND: 404,
      AGENT_CANCELLED: 499,
      MCP_SERVER_NOT_FOUND: 404,
      MCP_SERVER_NAME_TAKEN: 409,
      MCP_TOO_MANY_SERVERS: 409,
      MCP_INVALID_SERVER_CONFIG: 400,
      MCP_STDIO_DISABLED: 403,
      MCP_STDIO_PLATFORM_ADMIN_REQUIRED: 403,
      MCP_API_KEY_REQUIRED: 401,
      MCP_ENDPOINT_DISABLED: 404,
    });
    const err = new AgentException(AgentErrorCode.McpServerNotFound, 'MCP server not found');
    expect(err).toMatchObject({
      name: 'AgentException',
      code: 'MCP_SERVER_NOT_FOUND',
      message: 'MCP server not found',
    });
  });
});
