import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  CurrentPrincipal,
  RequestContext,
  RequireRole,
  RequireScope,
  type RequestContextInfo,
  type RequestPrincipal,
} from '@docqa/auth';
import {
  CreateMcpServerDto,
  McpServerDto,
  McpServerIdParamDto,
  McpServerListDto,
  McpServerToolsDto,
  UpdateMcpServerDto,
} from './mcp-server.dto';
import { McpServersService } from './mcp-servers.service';
import { clientGone } from '../http/client-gone';

/**
 * External MCP servers whose tools the workspace's agent may call, in the caller's workspace: owners only
 * (an API key needs the `admin` scope to change them).
 */
@ApiTags('mcp')
@ApiBearerAuth()
@ApiSecurity('api-key')
@RequireRole('owner')
@Controller('mcp/servers')
export class McpServersController {
  constructor(private readonly service: McpServersService) {}

  /** Lists the workspace's MCP servers (header and environment values are never returned). */
  @Get()
  async listMcpServers(@CurrentPrincipal() principal: RequestPrincipal): Promise<McpServerListDto> {
    return { items: await this.service.list(principal) };
  }

  /**
   * Adds an MCP server. `http` servers: `url` and optional `headers`. `stdio` servers: `command`, `args`,
   * `env`; only platform admins, and only when MCP_ALLOW_STDIO is on (403 otherwise).
   */
  @Post()
  @RequireScope('admin')
  createMcpServer(
    @CurrentPrincipal() principal: RequestPrincipal,
    @Body() body: CreateMcpServerDto,
    @RequestContext() context: RequestContextInfo,
  ): Promise<McpServerDto> {
    return this.service.create(principal, body, context);
  }

  @Get(':id')
  getMcpServer(
    @CurrentPrincipal() principal: RequestPrincipal,
    @Param() params: McpServerIdParamDto,
  ): Promise<McpServerDto> {
    return this.service.get(principal, params.id);
  }

  /** Changes a server; fields left out keep their value. Changing a stdio server takes a platform admin. */
  @Patch(':id')
  @RequireScope('admin')
  updateMcpServer(
    @CurrentPrincipal() principal: RequestPrincipal,
    @Param() params: McpServerIdParamDto,
    @Body() body: UpdateMcpServerDto,
    @RequestContext() context: RequestContextInfo,
  ): Promise<McpServerDto> {
    return this.service.update(principal, params.id, body, context);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireScope('admin')
  deleteMcpServer(
    @CurrentPrincipal() principal: RequestPrincipal,
    @Param() params: McpServerIdParamDto,
    @RequestContext() context: RequestContextInfo,
  ): Promise<void> {
    return this.service.remove(principal, params.id, context);
  }

  /**
   * Connects to the server with its stored configuration (even when disabled) and lists every tool it
   * offers, with the names the agent would see and whether the allow-list admits each. A server that cannot
   * be reached gives `reachable: false` and the reason.
   */
  @Get(':id/tools')
  listMcpServerTools(
    @CurrentPrincipal() principal: RequestPrincipal,
    @Param() params: McpServerIdParamDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<McpServerToolsDto> {
    return this.service.tools(principal, params.id, clientGone(reply));
  }
}
