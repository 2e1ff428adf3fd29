import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import {
  AdminUserDto,
  AdminUserPageDto,
  CurrentPrincipal,
  ListUsersQueryDto,
  PlatformAdmin,
  RequestContext,
  SetPlatformRoleDto,
  UserAdminService,
  type RequestContextInfo,
  type RequestPrincipal,
} from '@docqa/auth';

/** Accounts, for platform admins: the logic and its audit live with the users, in the auth lib. */
@ApiTags('admin')
@ApiBearerAuth()
@ApiSecurity('api-key')
@PlatformAdmin()
@Controller('admin/users')
export class AdminUsersController {
  constructor(private readonly users: UserAdminService) {}

  /** Accounts ordered by email, filtered by `q` (part of the email or name), role and status. */
  @Get()
  listAdminUsers(@Query() query: ListUsersQueryDto): Promise<AdminUserPageDto> {
    return this.users.listUsers(query);
  }

  /** One account (404 for an unknown id). */
  @Get(':id')
  getAdminUser(@Param('id') id: string): Promise<AdminUserDto> {
    return this.users.getUser(id);
  }

  /**
   * Disables an account at once: its sessions are revoked and its access tokens and API keys are refused
   * from the next request on; it cannot sign in. Audited as `user_disabled`. Admins cannot disable themselves.
   */
  @Post(':id/disable')
  @HttpCode(200)
  disableUser(
    @CurrentPrincipal() principal: RequestPrincipal,
    @Param('id') id: string,
    @RequestContext() context: RequestContextInfo,
  ): Promise<AdminUserDto> {
    return this.users.disableUser(principal, id, context);
  }

  /** Enables a disabled account; its API keys work again, its old sessions stay ended. Audited as `user_enabled`. */
  @Post(':id/enable')
  @HttpCode(200)
  enableUser(
    @CurrentPrincipal() principal: RequestPrincipal,
    @Param('id') id: string,
    @RequestContext() context: RequestContextInfo,
  ): Promise<AdminUserDto> {
    return this.users.enableUser(principal, id, context);
  }

  /** Makes an account a platform admin or an ordinary user (409 for the last enabled admin). Audited. */
  @Put(':id/platform-role')
  setUserPlatformRole(
    @CurrentPrincipal() principal: RequestPrincipal,
    @Param('id') id: string,
    @Body() body: SetPlatformRoleDto,
    @RequestContext() context: RequestContextInfo,
  ): Promise<AdminUserDto> {
    return this.users.setPlatformRole(principal, id, body.platformRole, context);
  }
}
