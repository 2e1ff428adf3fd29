import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import {
  CurrentPrincipal,
  PlatformAdmin,
  RequestContext,
  type RequestContextInfo,
  type RequestPrincipal,
} from '@docqa/auth';
import { AdminWorkspacesService } from './admin-workspaces.service';
import { AdminWorkspaceDetailDto, AdminWorkspacePageDto, WorkspaceQuotasDto } from './dto/admin-workspace.dto';
import { ListAdminWorkspacesQueryDto } from './dto/list-admin-workspaces-query.dto';
import { SetWorkspaceQuotasDto } from './dto/set-workspace-quotas.dto';

@ApiTags('admin')
@ApiBearerAuth()
@ApiSecurity('api-key')
@PlatformAdmin()
@Controller('admin/workspaces')
export class AdminWorkspacesController {
  constructor(private readonly workspaces: AdminWorkspacesService) {}

  /** Every workspace, ordered by name, with its members, documents and storage. */
  @Get()
  listAdminWorkspaces(@Query() query: ListAdminWorkspacesQueryDto): Promise<AdminWorkspacePageDto> {
    return this.workspaces.listWorkspaces(query);
  }

  /** One workspace with its quotas and LLM budget (404 for an unknown id). */
  @Get(':id')
  getAdminWorkspace(@Param('id') id: string): Promise<AdminWorkspaceDetailDto> {
    return this.workspaces.getWorkspace(id);
  }

  /** The workspace's document, storage and monthly LLM budget quotas, with what it uses of each. */
  @Get(':id/quotas')
  getWorkspaceQuotas(@Param('id') id: string): Promise<WorkspaceQuotasDto> {
    return this.workspaces.getQuotas(id);
  }

  /**
   * Sets the workspace's own quotas (fields left out keep their value; null returns to the default). Uploads
   * past a document or storage quota get 403 `QUOTA_EXCEEDED`; each change is audited.
   */
  @Put(':id/quotas')
  setWorkspaceQuotas(
    @CurrentPrincipal() principal: RequestPrincipal,
    @Param('id') id: string,
    @Body() body: SetWorkspaceQuotasDto,
    @RequestContext() context: RequestContextInfo,
  ): Promise<WorkspaceQuotasDto> {
    return this.workspaces.setQuotas(principal, id, body, context);
  }
}
