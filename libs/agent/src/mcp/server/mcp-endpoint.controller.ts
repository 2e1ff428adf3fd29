import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { Controller, Delete, Get, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal, RequireScope, type RequestPrincipal } from '@docqa/auth';
import { AppConfig } from '@docqa/core';
import { clientGone } from '../http/client-gone';
import { AgentErrorCode, AgentException } from '../../agent.errors';
import { DocqaMcpTools } from './docqa-mcp-tools';

/** The request as the SDK's web-standard transport reads it: method, URL and headers (the body is parsed). */
function webRequest(request: FastifyRequest): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return new Request(new URL(request.url, 'http://docqa.local'), { method: request.method, headers });
}

async function send(reply: FastifyReply, response: Response): Promise<void> {
  for (const [name, value] of response.headers) {
    if (name !== 'content-length') void reply.header(name, value);
  }
  void reply.status(response.status);
  if (!response.body) return void (await reply.send());
  // JSON responses are whole; anything else (a stream) would be passed through as it comes.
  if (response.headers.get('content-type')?.startsWith('application/json')) {
    return void (await reply.send(await response.text()));
  }
  await reply.send(Readable.fromWeb(response.body as NodeReadableStream));
}

/**
 * DocQA as an MCP server (streamable HTTP, stateless, JSON responses) at `/mcp`, outside `/api/v1`: other
 * agents list and call its `search` and `ask` tools with an API key (`X-API-Key`, or `Authorization: Bearer`
 * with the key), within the key's workspace. A read-scoped key is enough: nothing is changed through it.
 * There is no session, so `GET` (a server-to-client stream) and `DELETE` (ending a session) answer 405.
 */
@ApiExcludeController()
@Controller('mcp')
export class McpEndpointController {
  constructor(
    private readonly tools: DocqaMcpTools,
    private readonly config: AppConfig,
  ) {}

  @Post()
  @RequireScope('read')
  async handleMcpRequest(
    @CurrentPrincipal() principal: RequestPrincipal,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    this.assertUsable(principal);
    const server = this.tools.serverFor(principal, String(request.id));
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    // Closing the server aborts its running tools (and their LLM calls) when the client goes away.
    const gone = clientGone(reply);
    const onGone = () => void server.close().catch(() => undefined);
    gone.addEventListener('abort', onGone, { once: true });
    try {
      await server.connect(transport);
      const response = await transport.handleRequest(webRequest(request), { parsedBody: request.body });
      await send(reply, response);
    } finally {
      gone.removeEventListener('abort', onGone);
      await server.close().catch(() => undefined);
    }
  }

  @Get()
  @RequireScope('read')
  mcpStream(@CurrentPrincipal() principal: RequestPrincipal, @Res() reply: FastifyReply): Promise<void> {
    return this.methodNotAllowed(principal, reply);
  }

  @Delete()
  @RequireScope('read')
  endMcpSession(@CurrentPrincipal() principal: RequestPrincipal, @Res() reply: FastifyReply): Promise<void> {
    return this.methodNotAllowed(principal, reply);
  }

  private async methodNotAllowed(principal: RequestPrincipal, reply: FastifyReply): Promise<void> {
    this.assertUsable(principal);
    await reply
      .status(405)
      .header('allow', 'POST')
      .send({
        jsonrpc: '2.0',
        error: { code: -32000, message: 'Method not allowed: this server is stateless' },
        id: null,
      });
  }

  private assertUsable(principal: RequestPrincipal): void {
    if (!this.config.mcp.serverEnabled) {
      throw new AgentException(
        AgentErrorCode.McpEndpointDisabled,
        'the MCP endpoint is disabled (MCP_SERVER_ENABLED=false)',
      );
    }
    if (!principal.apiKeyId) {
      throw new AgentException(
        AgentErrorCode.McpApiKeyRequired,
        'the MCP endpoint takes an API key, not a session token',
        {
          headers: { 'WWW-Authenticate': 'Bearer' },
        },
      );
    }
  }
}
