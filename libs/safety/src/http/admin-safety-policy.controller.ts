import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import {
  CurrentPrincipal,
  PlatformAdmin,
  RequestContext,
  type RequestContextInfo,
  type RequestPrincipal,
} from '@docqa/auth';
import { AdminUpdateSafetyPolicyDto, SafetyPolicyDto } from '../policy/dto/safety-policy.dto';
import { SafetyPolicyService } from '../policy/safety-policy.service';

/** Any workspace's safety policy, for platform admins; they alone can lock one against its owners. */
@ApiTags('admin')
@ApiBearerAuth()
@ApiSecurity('api-key')
@PlatformAdmin()
@Controller('admin/workspaces')
export class AdminSafetyPolicyController {
  constructor(private readonly policies: SafetyPolicyService) {}

  /** A workspace's safety policy (404 for an unknown workspace). */
  @Get(':id/safety-policy')
  getWorkspaceSafetyPolicy(@Param('id') id: string): Promise<SafetyPolicyDto> {
    return this.policies.getWorkspacePolicy(id);
  }

  /** Changes a workspace's safety policy; `locked: true` keeps its owners from changing it. */
  @Put(':id/safety-policy')
  setWorkspaceSafetyPolicy(
    @CurrentPrincipal() principal: RequestPrincipal,
    @Param('id') id: string,
    @Body() dto: AdminUpdateSafetyPolicyDto,
    @RequestContext() context: RequestContextInfo,
  ): Promise<SafetyPolicyDto> {
    return this.policies.updateWorkspacePolicy(principal, id, dto, context);
  }
}
