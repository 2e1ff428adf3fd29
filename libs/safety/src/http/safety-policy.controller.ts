import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import {
  CurrentPrincipal,
  RequestContext,
  RequireRole,
  RequireScope,
  type RequestContextInfo,
  type RequestPrincipal,
} from '@docqa/auth';
import { SafetyPolicyDto, UpdateSafetyPolicyDto } from '../policy/dto/safety-policy.dto';
import { SafetyPolicyService } from '../policy/safety-policy.service';

/** The safety policy of the caller's workspace (X-Workspace-Id, else the personal one): owners only. */
@ApiTags('safety')
@ApiBearerAuth()
@ApiSecurity('api-key')
@RequireRole('owner')
@Controller('safety/policy')
export class SafetyPolicyController {
  constructor(private readonly policies: SafetyPolicyService) {}

  /** The workspace's policy: what PII is masked where, and what happens to prompt-injection attempts. */
  @Get()
  getSafetyPolicy(@CurrentPrincipal() principal: RequestPrincipal): Promise<SafetyPolicyDto> {
    return this.policies.getPolicy(principal);
  }

  /**
   * Changes the workspace's policy; fields left out keep their value. 403 when a platform
   * admin locked it. An API key needs the `admin` scope.
   */
  @Put()
  @RequireScope('admin')
  setSafetyPolicy(
    @CurrentPrincipal() principal: RequestPrincipal,
    @Body() dto: UpdateSafetyPolicyDto,
    @RequestContext() context: RequestContextInfo,
  ): Promise<SafetyPolicyDto> {
    return this.policies.updatePolicy(principal, dto, context);
  }
}
