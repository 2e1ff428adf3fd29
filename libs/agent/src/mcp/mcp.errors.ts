import { DomainException } from '@docqa/core';

/** Errors of the MCP routes (external server configuration and DocQA's own /mcp endpoint). */
export enum McpErrorCode {
  /** A foreign server answers like a missing one, so its existence does not leak. */
  ServerNotFound = 'MCP_SERVER_NOT_FOUND',
  ServerNameTaken = 'MCP_SERVER_NAME_TAKEN',
  TooManyServers = 'MCP_TOO_MANY_SERVERS',
  InvalidServerConfig = 'MCP_INVALID_SERVER_CONFIG',
  /** MCP_ALLOW_STDIO is off: no process is started on this host for a workspace. */
  StdioDisabled = 'MCP_STDIO_DISABLED',
  /** Only platform admins may configure a command that runs on this host. */
  StdioNeedsPlatformAdmin = 'MCP_STDIO_PLATFORM_ADMIN_REQUIRED',
  /** The /mcp endpoint authenticates with API keys only. */
  ApiKeyRequired = 'MCP_API_KEY_REQUIRED',
  EndpointDisabled = 'MCP_ENDPOINT_DISABLED',
}

const STATUS: Record<McpErrorCode, number> = {
  [McpErrorCode.ServerNotFound]: 404,
  [McpErrorCode.ServerNameTaken]: 409,
  [McpErrorCode.TooManyServers]: 409,
  [McpErrorCode.InvalidServerConfig]: 400,
  [McpErrorCode.StdioDisabled]: 403,
  [McpErrorCode.StdioNeedsPlatformAdmin]: 403,
  [McpErrorCode.ApiKeyRequired]: 401,
  [McpErrorCode.EndpointDisabled]: 404,
};

export class McpException extends DomainException<McpErrorCode> {
  get httpStatus(): number {
    return STATUS[this.code];
  }
}
