import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../decorators/current-principal.decorator';
import { RequestContext } from '../decorators/request-context.decorator';
import { SessionOnly } from '../decorators/session-only.decorator';
import type { RequestContextInfo } from '../principal/request-context';
import type { RequestPrincipal } from '../principal/request-principal';
import { CreateWorkspaceDto } from './dto/create-workspace.dto';
import { WorkspaceDto } from './dto/workspace.dto';
import { WorkspacesService } from './workspaces.service';

@ApiTags('workspaces')
@ApiBearerAuth()
@Controller('workspaces')
export class WorkspacesController {
  constructor(private readonly workspaces: WorkspacesService) {}

  /** Creates a workspace owned by the caller. */
  @SessionOnly()
  @Post()
  createWorkspace(
    @CurrentPrincipal() principal: RequestPrincipal,
    @Body() dto: CreateWorkspaceDto,
    @RequestContext() context: RequestContextInfo,
  ): Promise<WorkspaceDto> {
    return this.workspaces.createWorkspace(principal, dto, context);
  }

  /** The workspaces the caller belongs to, with the caller's role in each. */
  @ApiSecurity('api-key')
  @Get()
  listWorkspaces(@CurrentPrincipal() principal: RequestPrincipal): Promise<WorkspaceDto[]> {
    return this.workspaces.listWorkspaces(principal);
  }

  /** One of the caller's workspaces; 404 for any other. */
  @ApiSecurity('api-key')
  @Get(':id')
  getWorkspace(@CurrentPrincipal() principal: RequestPrincipal, @Param('id') id: string): Promise<WorkspaceDto> {
    return this.workspaces.getWorkspace(principal, id);
  }
}
