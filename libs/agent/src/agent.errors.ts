import { DomainException } from '@docqa/core';

/** Errors of the agent lib: conversations and runs, and the MCP routes (external servers and DocQA's /mcp). */
export enum AgentErrorCode {
  /** A foreign conversation answers like a missing one, so its existence does not leak. */
  ConversationNotFound = 'CONVERSATION_NOT_FOUND',
  /** The run was cancelled (the client went away, or the caller's signal aborted it). */
  Cancelled = 'AGENT_CANCELLED',
  /** A foreign MCP server answers like a missing one, so its existence does not leak. */
  McpServerNotFound = 'MCP_SERVER_NOT_FOUND',
  McpServerNameTaken = 'MCP_SERVER_NAME_TAKEN',
  McpTooManyServers = 'MCP_TOO_MANY_SERVERS',
  McpInvalidServerConfig = 'MCP_INVALID_SERVER_CONFIG',
  /** MCP_ALLOW_STDIO is off: no process is started on this host for a workspace. */
  McpStdioDisabled = 'MCP_STDIO_DISABLED',
  /** Only platform admins may configure a command that runs on this host. */
  McpStdioNeedsPlatformAdmin = 'MCP_STDIO_PLATFORM_ADMIN_REQUIRED',
  /** The /mcp endpoint authenticates with API keys only. */
  McpApiKeyRequired = 'MCP_API_KEY_REQUIRED',
  McpEndpointDisabled = 'MCP_ENDPOINT_DISABLED',
}

const STATUS: Record<AgentErrorCode, number> = {
  [AgentErrorCode.ConversationNotFound]: 404,
  // Nginx's "client closed request": nobody is left to read it, but logs and metrics tell it apart.
  [AgentErrorCode.Cancelled]: 499,
  [AgentErrorCode.McpServerNotFound]: 404,
  [AgentErrorCode.McpServerNameTaken]: 409,
  [AgentErrorCode.McpTooManyServers]: 409,
  [AgentErrorCode.McpInvalidServerConfig]: 400,
  [AgentErrorCode.McpStdioDisabled]: 403,
  [AgentErrorCode.McpStdioNeedsPlatformAdmin]: 403,
  [AgentErrorCode.McpApiKeyRequired]: 401,
  [AgentErrorCode.McpEndpointDisabled]: 404,
};

export class AgentException extends DomainException<AgentErrorCode> {
  get httpStatus(): number {
    return STATUS[this.code];
  }
}
